namespace Wsp.Data.Nifti;

/// <summary>Which affine a header's <see cref="NiftiHeader.Affine"/> comes from (nibabel's order of preference).</summary>
public enum AffineSource
{
    /// <summary>The sform rows (<c>sform_code</c> &gt; 0).</summary>
    SForm,

    /// <summary>The quaternion qform (<c>qform_code</c> &gt; 0, no sform).</summary>
    QForm,

    /// <summary>Neither: nibabel's centred, x-flipped base affine from the voxel sizes.</summary>
    Base,
}
