using SkiaSharp;
using Wsp.Data.Volumes;

namespace Wsp.Samples.PhantomGallery;

/// <summary>One axial slice in the soft-tissue window, in the radiological view, at a common millimetre scale.</summary>
internal sealed class Tile
{
    /// <summary>Display scale: pixels per millimetre, the same for every tile so that sizes compare.</summary>
    public const double PixelsPerMm = 0.7;

    private Tile(SKBitmap bitmap, string caption)
    {
        Bitmap = bitmap;
        Caption = caption;
    }

    public SKBitmap Bitmap { get; }

    public string Caption { get; }

    public static Tile From(CanonicalVolume volume, int k, string caption)
    {
        int width = volume.Shape[0], height = volume.Shape[1];
        ReadOnlySpan<float> slice = volume.Slice(k);
        using var raw = new SKBitmap(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                // W400/L50: -150 HU black, 250 HU white.
                byte grey = (byte)Math.Clamp((slice[y * width + x] + 150) / 400 * 255, 0, 255);
                // Radiological view: the patient's right (+x) on the left, anterior (+y) at the top.
                raw.SetPixel(width - 1 - x, height - 1 - y, new SKColor(grey, grey, grey));
            }
        var size = new SKImageInfo((int)Math.Round(width * volume.Spacing[0] * PixelsPerMm), (int)Math.Round(height * volume.Spacing[1] * PixelsPerMm), SKColorType.Rgba8888, SKAlphaType.Opaque);
        return new Tile(raw.Resize(size, new SKSamplingOptions(SKFilterMode.Linear)), caption);
    }
}
