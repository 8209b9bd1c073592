namespace Wsp.Training.Tests;

/// <summary>The glibc heap setting; its effect (page faults per training step) is measured in the benchmarks.</summary>
public sealed class NativeHeapTests
{
    [Fact]
    public void Glibc_accepts_the_settings_on_Linux_and_nothing_changes_elsewhere()
    {
        // Calling it twice is harmless: the settings are the same.
        NativeHeap.KeepFreedMemory().Should().Be(OperatingSystem.IsLinux());
        NativeHeap.KeepFreedMemory().Should().Be(OperatingSystem.IsLinux());
    }

    [Fact]
    public void The_switch_variable_turns_it_off()
    {
        string? previous = Environment.GetEnvironmentVariable(NativeHeap.SwitchVariable);
        try
        {
            foreach (string off in new[] { "0", "false", " FALSE " })
            {
                Environment.SetEnvironmentVariable(NativeHeap.SwitchVariable, off);
                NativeHeap.KeepFreedMemoryUnlessTurnedOff().Should().BeFalse(off);
            }
            Environment.SetEnvironmentVariable(NativeHeap.SwitchVariable, "1");
            NativeHeap.KeepFreedMemoryUnlessTurnedOff().Should().Be(OperatingSystem.IsLinux());
        }
        finally
        {
            Environment.SetEnvironmentVariable(NativeHeap.SwitchVariable, previous);
        }
    }
}
