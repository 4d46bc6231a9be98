using System.Runtime.InteropServices;

namespace PaymentRecords.Api.Hosting;

/// <summary>
/// Hands the native heap's free pages back to the operating system once a second (glibc's <c>malloc_trim</c>).
/// </summary>
/// <remarks>
/// glibc returns freed memory only from the top of each arena, so what the runtime's native allocations (the JIT's
/// among them) free in the middle of an arena stays resident. Under the seed flow that was 6–17 MB of the process's
/// 55–69 MB of anonymous memory, different in each run; <c>malloc_trim</c> releases those pages with <c>madvise</c>
/// and leaves the heap's layout as it is. A trim took 0.01–2 ms (median 0.12) under the seed flow; trimming every 2 s
/// instead of every second left 4–10 MB more at the peak. bench/README.md ("Issue 11, fourteenth session") has the
/// figures. Where the C library has no <c>malloc_trim</c> (musl, other systems), the trimmer stops at its first call.
/// </remarks>
internal sealed class NativeHeapTrimmer(ILogger<NativeHeapTrimmer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!TryTrim(out var unavailable))
        {
            logger.LogDebug("The native heap is not trimmed: {Reason}", unavailable);
            return;
        }
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) TryTrim(out _);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One trim; false, with the reason, where this system's C library cannot.</summary>
    internal static bool TryTrim(out string? unavailable)
    {
        unavailable = null;
        if (!OperatingSystem.IsLinux())
        {
            unavailable = "not Linux";
            return false;
        }
        try
        {
            MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            unavailable = e.Message;
            return false;
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
