using Wsp.Data.Loading;
using Wsp.Data.Nifti;
using Wsp.Data.Volumes;

namespace Wsp.Models.Tests;

public sealed class OrganModelTests(ModelFixture fixture) : IClassFixture<ModelFixture>
{
    private const int LiverLabel = 5; // the phantom's liver

    private PatientClassifier FitOrganModel()
    {
        var cohort = new SliceCohort(fixture.Generated.Subjects,
            new VolumeSlicer(new OrganSelection(LiverLabel), IntensityMapping.SoftTissueWindow, 32));
        return PatientClassifierFitter.FitLinearProbeAsync(fixture.Encoder, cohort, fixture.Options).GetAwaiter().GetResult();
    }

    [Fact]
    public void OrganModel_PredictsFromTheLiverSlices_AndRoundTripsItsSelection()
    {
        using PatientClassifier model = FitOrganModel();
        var subject = fixture.Generated.Subjects.Subjects[0];
        string path = fixture.NewPath("organ.wspmodel");
        model.Save(path);
        using PatientClassifier loaded = PatientClassifier.Load(path);

        loaded.Preprocessing.NeedsLabelMap.Should().BeTrue();
        loaded.Predict(subject.ImagePath, subject.LabelMapPath).Probability.Should().Be(model.Predict(subject.ImagePath, subject.LabelMapPath).Probability);
    }

    [Fact]
    public void OrganModel_GivenNoLabelMap_SaysItNeedsOne()
    {
        using PatientClassifier model = FitOrganModel();
        var subject = fixture.Generated.Subjects.Subjects[0];

        var act = () => model.Predict(subject.ImagePath, patientId: "p1");

        act.Should().Throw<InvalidDataException>().WithMessage("Subject 'p1' (*): the slice selection (slices through label 5) needs the organ label map, and none was given");
    }

    [Fact]
    public void LabelMap_OffTheImagesGrid_IsRefused()
    {
        using PatientClassifier model = FitOrganModel();
        var subject = fixture.Generated.Subjects.Subjects[0];
        NiftiFile labels = NiftiFile.Open(subject.LabelMapPath!);
        double[,] shifted = labels.Header.Affine;
        shifted[2, 3] += 7.5;
        string moved = fixture.NewPath("moved-labels.nii.gz");
        NiftiWriter.Write(moved, labels.ReadVoxels<float>(), labels.Header.Shape.ToArray(), shifted);

        var act = () => model.Predict(subject.ImagePath, moved);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{Path.GetFileName(moved)}*label map's affine differs from the image's (row 2, column 3*not on the image's grid");
    }
}
