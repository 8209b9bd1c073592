namespace Wsp.Data.Synthetic;

/// <summary>
/// Label values of the generated organ maps: TotalSegmentator's, so that tools written for its real maps
/// (e.g. <see cref="Volumes.OrganSelection"/> with label 5) work unchanged on the phantom.
/// </summary>
internal static class OrganLabels
{
    public const byte Background = 0;
    public const byte Spleen = 1;
    public const byte RightKidney = 2;
    public const byte LeftKidney = 3;
    public const byte Liver = 5;
    public const byte Stomach = 6;
}
