using Wsp.Data.Sampling;

namespace Wsp.Data.Tests.Sampling;

public sealed class EvaluationSamplerSpreadTests
{
    [Fact]
    public void Slices_are_spread_evenly_and_short_patients_give_all_theirs()
    {
        SliceReference[] references = EvaluationSampler.Spread(new[] { 10, 3 }, perPatient: 4);

        references.Should().Equal(
            new SliceReference(0, 1), new SliceReference(0, 3), new SliceReference(0, 6), new SliceReference(0, 8),
            new SliceReference(1, 0), new SliceReference(1, 1), new SliceReference(1, 2));
    }

    [Fact]
    public void Zero_means_every_slice() =>
        EvaluationSampler.Spread(new[] { 5 }, perPatient: 0).Select(r => r.Slice).Should().Equal(0, 1, 2, 3, 4);
}
