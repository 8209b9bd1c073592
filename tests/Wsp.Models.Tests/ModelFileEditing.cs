using System.IO.Compression;
using System.Text;

namespace Wsp.Models.Tests;

/// <summary>Edits an entry of a saved model in place, to make the damaged or future files the reader must refuse.</summary>
internal static class ModelFileEditing
{
    public static void RewriteManifest(string path, Func<string, string> edit) =>
        RewriteEntry(path, "model.json", bytes => Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(bytes))));

    public static void RewriteEntry(string path, string name, Func<byte[], byte[]> edit)
    {
        using ZipArchive archive = ZipFile.Open(path, ZipArchiveMode.Update);
        ZipArchiveEntry entry = archive.GetEntry(name)!;
        byte[] bytes;
        using (Stream stream = entry.Open())
        using (var buffer = new MemoryStream())
        {
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }
        entry.Delete();
        using Stream replaced = archive.CreateEntry(name).Open();
        replaced.Write(edit(bytes));
    }
}
