using System.Threading.Channels;

namespace PaymentRecords.Api.Hosting;

/// <summary>
/// How a background loop sleeps until there may be work: <see cref="Wake"/> from anywhere (a commit, a notification,
/// a finished task) ends the current or next <see cref="WaitAsync"/> early; many wakes before a wait count as one.
/// </summary>
public sealed class WakeSignal
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Returns when woken or after <paramref name="wait"/>; throws only when <paramref name="ct"/> is cancelled.</summary>
    public async Task WaitAsync(TimeSpan wait, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        try
        {
            await _wake.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }
}
