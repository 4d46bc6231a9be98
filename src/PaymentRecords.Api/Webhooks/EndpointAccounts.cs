namespace PaymentRecords.Api.Webhooks;

/// <summary>
/// The accounts that have an enabled webhook endpoint, as last read, so that a commit of events for any other account
/// wakes nothing. A change of endpoints (here, or announced by another instance) makes the snapshot stale, and so does
/// age; while it is stale every commit wakes the dispatcher, which reads it again first. A read that started before a
/// change never passes for fresh (the generation check), so an endpoint created just now is never missed.
/// </summary>
public sealed class EndpointAccounts
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private volatile Snapshot _snapshot = new(new HashSet<string>(), 0, DateTimeOffset.MinValue);
    private long _generation;

    private sealed record Snapshot(IReadOnlySet<string> Accounts, long Generation, DateTimeOffset ReadAt);

    /// <summary>Endpoints changed: the next question reads them again.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    public bool IsStale
    {
        get
        {
            var s = _snapshot;
            return s.Generation != Interlocked.Read(ref _generation) || DateTimeOffset.UtcNow - s.ReadAt > MaxAge;
        }
    }

    /// <summary>Could a commit of events for these accounts have deliveries? True when in doubt.</summary>
    public bool MayDeliverFor(IReadOnlyCollection<string> accounts)
    {
        if (accounts.Count == 0) return false;
        if (IsStale) return true;
        var known = _snapshot.Accounts;
        foreach (var account in accounts)
            if (known.Contains(account)) return true;
        return false;
    }

    /// <summary>Reads the accounts again (the caller is the dispatcher loop).</summary>
    public async Task RefreshAsync(WebhookStore store, CancellationToken ct)
    {
        var generation = Interlocked.Read(ref _generation);
        var accounts = await store.AccountsWithEnabledEndpointsAsync(ct);
        _snapshot = new Snapshot(accounts, generation, DateTimeOffset.UtcNow);
    }
}
