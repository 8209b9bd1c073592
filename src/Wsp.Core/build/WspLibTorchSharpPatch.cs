#nullable enable
// Compiled by MSBuild's RoslynCodeTaskFactory from Wsp.Core.targets (for this repository and
// for every project that references the Wsp packages). Keep it self-contained: no Wsp types.
using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Makes TorchSharp 0.107's <c>libLibTorchSharp.so</c> load on hosts whose libstdc++ predates
/// GCC 13 (Debian 12, Ubuntu 22.04). The library asks for the symbol version GLIBCXX_3.4.32 for a
/// single symbol that nothing calls (<c>std::ios_base_library_init</c>); marking that version
/// requirement weak in the copy under the build output lets the dynamic loader accept it.
/// Hosts whose libstdc++ already provides the version, and non-Linux hosts, are left untouched.
/// The package cache is never modified: the patched file replaces the output copy atomically.
/// </summary>
public sealed class WspPatchLibTorchSharp : Task
{
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>The copies of libLibTorchSharp.so to patch.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Files that were changed by this run.</summary>
    [Output]
    public ITaskItem[] Patched { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || Files.Length == 0)
            return true;

        string? provider = FindLibStdCxxProviding(MissingVersion);
        if (provider != null)
        {
            Log.LogMessage(MessageImportance.Low, "Wsp: {0} provides {1}; libLibTorchSharp.so left as shipped.", provider, MissingVersion);
            return true;
        }

        var patched = new System.Collections.Generic.List<ITaskItem>();
        foreach (ITaskItem item in Files)
        {
            string path = item.GetMetadata("FullPath");
            try
            {
                if (PatchFile(path))
                {
                    patched.Add(item);
                    Log.LogMessage(MessageImportance.Normal, "Wsp: marked the {0} requirement of {1} weak (this host's libstdc++ lacks it).", MissingVersion, path);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
            {
                Log.LogWarning("Wsp: could not prepare {0} for this host's libstdc++ (it lacks {1}): {2}. TorchSharp will fail to load; install a libstdc++ from GCC 13 or newer.", path, MissingVersion, e.Message);
            }
        }
        Patched = patched.ToArray();
        return !Log.HasLoggedErrors;
    }

    /// <summary>Returns the first libstdc++ on the usual library paths that defines <paramref name="version"/>.</summary>
    private static string? FindLibStdCxxProviding(string version)
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        };
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (string candidate in candidates)
        {
            if (File.Exists(candidate) && Contains(File.ReadAllBytes(candidate), needle)) return candidate;
        }
        // None found, or none new enough: a weak requirement is harmless where the version exists.
        return null;
    }

    /// <summary>Sets VER_FLG_WEAK on the GLIBCXX_3.4.32 entry of .gnu.version_r. Returns false when already weak or absent.</summary>
    public static bool PatchFile(string path)
    {
        byte[] image = File.ReadAllBytes(path);
        int? flagsOffset = FindVernauxFlags(image, MissingVersion, path);
        if (flagsOffset == null) return false;
        ushort flags = BitConverter.ToUInt16(image, flagsOffset.Value);
        if ((flags & VerFlgWeak) != 0) return false;
        flags |= VerFlgWeak;
        image[flagsOffset.Value] = (byte)(flags & 0xff);
        image[flagsOffset.Value + 1] = (byte)(flags >> 8);

        // Write beside the target and rename over it: atomic, and it breaks any hard link into the
        // package cache. File.Copy keeps the file mode.
        DateTime stamp = File.GetLastWriteTimeUtc(path);
        string temporary = path + ".wsp-" + Guid.NewGuid().ToString("N");
        File.Copy(path, temporary);
        using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write))
        {
            stream.Position = flagsOffset.Value;
            stream.Write(image, flagsOffset.Value, 2);
        }
        // Same size and timestamp as the package's file, so incremental copies keep the patched copy.
        File.SetLastWriteTimeUtc(temporary, stamp);
        File.Replace(temporary, path, null);
        return true;
    }

    private static int? FindVernauxFlags(byte[] image, string versionName, string path)
    {
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
            throw new InvalidDataException(path + " is not an ELF file");
        if (image[4] != 2 || image[5] != 1)
            throw new InvalidDataException(path + " is not a little-endian 64-bit ELF file");

        long sectionTable = (long)BitConverter.ToUInt64(image, 0x28);
        int sectionSize = BitConverter.ToUInt16(image, 0x3A);
        int sectionCount = BitConverter.ToUInt16(image, 0x3C);
        for (int s = 0; s < sectionCount; s++)
        {
            long header = sectionTable + (long)s * sectionSize;
            if (header + 64 > image.Length) throw new InvalidDataException(path + " has a truncated section table");
            if (BitConverter.ToUInt32(image, (int)header + 4) != ShtGnuVerneed) continue;

            long verneed = (long)BitConverter.ToUInt64(image, (int)header + 0x18);
            int linkedStrings = (int)BitConverter.ToUInt32(image, (int)header + 0x28);
            long stringsHeader = sectionTable + (long)linkedStrings * sectionSize;
            long strings = (long)BitConverter.ToUInt64(image, (int)stringsHeader + 0x18);

            long need = verneed;
            while (true)
            {
                int auxCount = BitConverter.ToUInt16(image, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(image, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    uint name = BitConverter.ToUInt32(image, (int)aux + 8);
                    if (ReadCString(image, strings + name) == versionName) return (int)aux + 4;
                    uint nextAux = BitConverter.ToUInt32(image, (int)aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = BitConverter.ToUInt32(image, (int)need + 12);
                if (next == 0) break;
                need += next;
            }
        }
        return null;
    }

    private static string ReadCString(byte[] image, long offset)
    {
        int end = (int)offset;
        while (end < image.Length && image[end] != 0) end++;
        return Encoding.ASCII.GetString(image, (int)offset, end - (int)offset);
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }
}
