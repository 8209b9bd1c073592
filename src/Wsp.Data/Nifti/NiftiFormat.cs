namespace Wsp.Data.Nifti;

/// <summary>The header layout of a NIfTI-family file.</summary>
public enum NiftiFormat
{
    /// <summary>Analyze 7.5 (348-byte header without a NIfTI magic): no qform, sform or scaling.</summary>
    Analyze75,

    /// <summary>NIfTI-1 (348-byte header, magic "n+1" or "ni1").</summary>
    Nifti1,

    /// <summary>NIfTI-2 (540-byte header, magic "n+2" or "ni2"), 64-bit dimensions and double precision fields.</summary>
    Nifti2,
}
