using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;

namespace Wsp.Core;

/// <summary>
/// Loads TorchSharp's native backend once and, when that fails, explains why in terms a user can act on
/// (the raw TorchSharp error only says that a backend package seems to be missing).
/// </summary>
public static class TorchSharpNative
{
    /// <summary>The libstdc++ symbol version that TorchSharp 0.107's native library asks for.</summary>
    public const string RequiredLibStdCxxVersion = "GLIBCXX_3.4.32";

    private static readonly string[] LibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    };

    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad);

    /// <summary>
    /// Makes sure the native backend is loaded; the Wsp modules call it before touching TorchSharp.
    /// </summary>
    /// <exception cref="InvalidOperationException">The backend cannot load; the message says what is missing and what to do.</exception>
    public static void EnsureLoaded()
    {
        if (LoadFailure.Value is { } failure)
            throw new InvalidOperationException(Explain(failure, FindLibStdCxx()), failure);
    }

    /// <summary>Passes <paramref name="value"/> through after <see cref="EnsureLoaded"/>; for use in base-constructor arguments.</summary>
    /// <typeparam name="T">Any type.</typeparam>
    /// <param name="value">The value to return.</param>
    internal static T AfterLoading<T>(T value)
    {
        EnsureLoaded();
        return value;
    }

    /// <summary>The message for a failed load, given the host's libstdc++ (or null when none was found).</summary>
    /// <param name="failure">What TorchSharp threw.</param>
    /// <param name="libStdCxxPath">The host's libstdc++.so.6, if found.</param>
    internal static string Explain(Exception failure, string? libStdCxxPath)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var message = new StringBuilder("TorchSharp could not load its native library (libtorch). ");
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && libStdCxxPath is not null && !Provides(libStdCxxPath, RequiredLibStdCxxVersion))
        {
            message.Append($"This host's {libStdCxxPath} lacks {RequiredLibStdCxxVersion} (GCC 13), which TorchSharp's libLibTorchSharp.so asks for. ")
                .Append("Projects that reference a Wsp package prepare the library at build and publish time when the build host lacks that version: ")
                .Append("build or publish on this machine (or one like it) without setting WspPatchLibTorchSharp=false, ")
                .Append("or install a libstdc++ from GCC 13 or newer. ");
        }
        else
        {
            message.Append("Check that the application references a backend package such as TorchSharp-cpu (libraries reference TorchSharp only). ");
        }
        return message.Append("TorchSharp said: ").Append(FirstLine(failure)).ToString();
    }

    private static Exception? TryLoad()
    {
        try
        {
            InitializeDeviceType(TorchSharp.DeviceType.CPU);
            return null;
        }
        catch (Exception e) when (e is NotSupportedException or TypeInitializationException or DllNotFoundException)
        {
            return e;
        }
    }

    private static string? FindLibStdCxx() => LibStdCxxCandidates.FirstOrDefault(File.Exists);

    private static bool Provides(string library, string version)
    {
        try
        {
            byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
            return File.ReadAllBytes(library).AsSpan().IndexOf(needle) >= 0;
        }
        catch (IOException)
        {
            return true; // unreadable: do not blame it
        }
    }

    private static string FirstLine(Exception failure)
    {
        Exception inner = failure is TypeInitializationException { InnerException: { } cause } ? cause : failure;
        return inner.Message.Split('\n')[0].Trim();
    }
}
