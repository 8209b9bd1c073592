using System.Globalization;
using SkiaSharp;
using Wsp.Core.IO;
using Wsp.Data.Volumes;
using Wsp.Models;

namespace Wsp.Cli;

/// <summary>A patient's picture: the evaluated slices in a strip, each with its probability, under the patient's decision.</summary>
internal static class SliceStrip
{
    private const int Tile = 128, Margin = 8, Caption = 18, Title = 28;

    public static void Save(string path, SliceStack stack, PatientClassification answer)
    {
        int n = answer.Slices.Count;
        int width = Margin + n * (Tile + Margin), height = Title + Tile + Caption + Margin;
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 12);
        using var bold = new SKFont(SKTypeface.FromFamilyName(null, SKFontStyle.Bold), 14);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(string.Create(CultureInfo.InvariantCulture,
            $"{answer.PatientId}: {answer.ClassName} (p = {answer.Probability:F3}, cut-off {answer.Threshold:F3})"), Margin, 19, SKTextAlign.Left, bold, ink);
        var indexInStack = stack.SliceIndices.Select((slice, i) => (slice, i)).ToDictionary(x => x.slice, x => x.i);
        for (int t = 0; t < n; t++)
        {
            SlicePrediction slice = answer.Slices[t];
            using SKBitmap bitmap = Grey(stack, indexInStack[slice.SliceIndex]);
            var box = new SKRect(Margin + t * (Tile + Margin), Title, Margin + t * (Tile + Margin) + Tile, Title + Tile);
            using (var image = SKImage.FromBitmap(bitmap))
                canvas.DrawImage(image, box, new SKSamplingOptions(SKFilterMode.Linear));
            canvas.DrawText(string.Create(CultureInfo.InvariantCulture, $"z {slice.SliceIndex}: p {slice.Probability:F2}"), box.Left, Title + Tile + 14, SKTextAlign.Left, font, ink);
        }
        using SKImage picture = surface.Snapshot();
        using SKData png = picture.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, temporary =>
        {
            using FileStream file = File.Create(temporary);
            png.SaveTo(file);
        });
    }

    // The network's input ([0, 1] after the intensity mapping) as grey levels; rows run posterior to anterior, so the
    // picture is flipped to show anterior at the top, as radiologists read an axial slice.
    private static SKBitmap Grey(SliceStack stack, int index)
    {
        int side = (int)stack.Images.shape[^1];
        float[] pixels = stack.Images[index, 0].data<float>().ToArray();
        var bitmap = new SKBitmap(side, side, SKColorType.Gray8, SKAlphaType.Opaque);
        byte[] bytes = new byte[side * side];
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
                bytes[(side - 1 - y) * side + x] = (byte)Math.Clamp(MathF.Round(pixels[y * side + x] * 255), 0, 255);
        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        return bitmap;
    }
}
