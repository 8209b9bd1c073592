namespace Wsp.Tests.Shared;

/// <summary>A fact that only means something on Linux (it reads /proc or libstdc++); reported as skipped, with the reason, elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute(string reason)
    {
        if (!OperatingSystem.IsLinux())
            Skip = "Linux only: " + reason;
    }
}
