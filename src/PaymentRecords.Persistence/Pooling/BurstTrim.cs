namespace PaymentRecords.Persistence.Pooling;

/// <summary>
/// When to give the request pool's connections back after a burst. Npgsql hands out idle connections first in, first
/// out, so after a burst (eight clients, a parallel test suite) one client's requests go round every connection the
/// burst opened, a different PostgreSQL backend each time, and PostgreSQL spends about twice the CPU on each (bench/README.md,
/// "Issue 11, thirteenth session"). Npgsql's own pruning (a short <c>Connection Idle Lifetime</c>) also closes
/// connections under steady load, about one a second, and the resident set grew with it; this closes them only once
/// usage has fallen well below what the pool holds.
/// <para>
/// The connections the pool holds are estimated as the most rentals at once since the last trim, each counted from the
/// moment it asks (Npgsql opens a connection only when none is idle, so concurrent opens count too). Each <see cref="Tick"/> (one a second) closes the window's peak; when the peak of the last
/// <see cref="Window"/> ticks is at least <see cref="Surplus"/> below that estimate, it answers true: the caller clears the
/// pool's idle connections (busy ones close when returned), and the working set opens again.
/// </para>
/// </summary>
public sealed class BurstTrim
{
    public const int Window = 3;
    public const int Surplus = 3;

    private int _inUse;
    private int _tickPeak;
    private int _sinceTrim;
    private readonly int[] _peaks = new int[Window];
    private int _ticks;

    /// <summary>A unit of work asked the pool for a connection (it may be opening a new one).</summary>
    public void Rented()
    {
        var now = Interlocked.Increment(ref _inUse);
        Raise(ref _tickPeak, now);
        Raise(ref _sinceTrim, now);
    }

    /// <summary>It went back to the pool, or the open failed.</summary>
    public void Returned() => Interlocked.Decrement(ref _inUse);

    /// <summary>Ends a second; true when the pool should be cleared now.</summary>
    public bool Tick()
    {
        var peak = Interlocked.Exchange(ref _tickPeak, Volatile.Read(ref _inUse));
        _peaks[_ticks++ % Window] = peak;
        if (_ticks < Window) return false;
        var recent = _peaks.Max();
        if (Volatile.Read(ref _sinceTrim) - recent < Surplus) return false;
        Volatile.Write(ref _sinceTrim, recent);
        return true;
    }

    private static void Raise(ref int peak, int value)
    {
        var seen = Volatile.Read(ref peak);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref peak, value, seen);
            if (was == seen) return;
            seen = was;
        }
    }
}
