using SkiaSharp;
using Wsp.Core.IO;

namespace Wsp.Samples.PhantomGallery;

/// <summary>Rows of captioned tiles drawn on one canvas and saved as a PNG.</summary>
internal sealed class Montage(int columns)
{
    private const int Cell = 290, Margin = 12, CaptionHeight = 20, RowTitleHeight = 26, TitleHeight = 34;
    private readonly List<(string Title, List<Tile> Tiles)> _rows = new();

    public void AddRow(string title, IEnumerable<Tile> tiles) => _rows.Add((title, tiles.ToList()));

    /// <summary>Draws the montage and writes it under a temporary name, then renames it, so no half-written PNG is left.</summary>
    public void Save(string path, string title)
    {
        int width = Margin + columns * (Cell + Margin);
        int rowHeight = RowTitleHeight + Cell + CaptionHeight + Margin;
        int height = TitleHeight + _rows.Count * rowHeight;
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 14);
        using var bold = new SKFont(SKTypeface.FromFamilyName(null, SKFontStyle.Bold), 16);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(title, Margin, 22, SKTextAlign.Left, bold, ink);
        for (int r = 0; r < _rows.Count; r++)
        {
            int top = TitleHeight + r * rowHeight;
            canvas.DrawText(_rows[r].Title, Margin, top + 18, SKTextAlign.Left, bold, ink);
            for (int c = 0; c < _rows[r].Tiles.Count && c < columns; c++)
            {
                Tile tile = _rows[r].Tiles[c];
                int left = Margin + c * (Cell + Margin), cellTop = top + RowTitleHeight;
                using (var black = new SKPaint { Color = SKColors.Black })
                    canvas.DrawRect(left, cellTop, Cell, Cell, black);
                canvas.DrawBitmap(tile.Bitmap, left + (Cell - tile.Bitmap.Width) / 2f, cellTop + (Cell - tile.Bitmap.Height) / 2f);
                canvas.DrawText(tile.Caption, left + Cell / 2f, cellTop + Cell + 16, SKTextAlign.Center, font, ink);
            }
        }
        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        AtomicFile.Write(full, temporary =>
        {
            using FileStream file = File.Create(temporary);
            png.SaveTo(file);
        });
    }
}
