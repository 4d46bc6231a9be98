namespace PaymentRecords.Persistence.Outbox;

/// <summary>
/// Says, in this process, that a transaction which wrote events has committed, and for which accounts. The webhook
/// dispatcher listens to it instead of a NOTIFY sent from the writing transaction: PostgreSQL serializes every
/// notifying commit behind one global lock, which cost each API write its group commit (docs/webhooks.md, bench/README.md).
/// </summary>
public sealed class OutboxSignal
{
    private Action<OutboxCommit>? _listener;

    /// <summary>Sets the one listener (the dispatcher); it runs on the committing thread, so it must only note and return.</summary>
    public void Listen(Action<OutboxCommit> listener) => _listener = listener;

    internal void Committed(OutboxCommit commit) => _listener?.Invoke(commit);
}

/// <summary>One committed transaction: the accounts it wrote events for, and whether it changed a webhook endpoint.</summary>
public sealed record OutboxCommit(IReadOnlyCollection<string> EventAccounts, bool EndpointsChanged);
