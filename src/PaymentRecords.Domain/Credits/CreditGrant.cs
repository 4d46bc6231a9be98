using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Credits;

/// <summary>
/// A credit grant (<c>credgr_</c>): billing credits of one customer, in one currency, that finalization applies to
/// the customer's metered subscription lines (docs/endpoints-billing-credits.md). <see cref="Remaining"/> is the
/// grant's ledger balance: the sum of its <see cref="CreditBalanceTransaction"/>s, kept on the row so that the
/// finalization holding the grant's row lock reads and moves it without summing the ledger. Every change of
/// <see cref="Remaining"/> is one of the methods below, each returning the ledger entry to store with it, so the
/// ledger balances to the cent.
/// </summary>
public sealed class CreditGrant : IAccountScoped
{
    public const string Paid = "paid";
    public const string Promotional = "promotional";
    /// <summary>The one price type a scope may name.</summary>
    public const string Metered = "metered";
    public const int DefaultPriority = 50;
    public const int LowestPriority = 100;

    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public long Created { get; init; }
    public long Updated { get; private set; }
    public required string CustomerId { get; init; }
    public required string Currency { get; init; }
    /// <summary>The granted amount, minor units (positive).</summary>
    public long Value { get; init; }
    /// <summary>What is left to apply (the grant's ledger balance), minor units.</summary>
    public long Remaining { get; private set; }
    public string Category { get; init; } = Paid;
    /// <summary><c>metered</c>, or null when the scope names <see cref="PriceIds"/>.</summary>
    public string? PriceType { get; init; }
    public List<string> PriceIds { get; init; } = [];
    public string? Name { get; init; }
    public long EffectiveAt { get; init; }
    public long? ExpiresAt { get; private set; }
    public int Priority { get; init; } = DefaultPriority;
    public string? TestClockId { get; init; }
    public long? VoidedAt { get; private set; }
    /// <summary>When the expiry was written to the ledger (null: not yet, even when <see cref="ExpiresAt"/> passed).</summary>
    public long? ExpiredAt { get; private set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public bool IsVoided => VoidedAt is not null;
    public bool IsExpired => ExpiredAt is not null;

    /// <summary>A new grant and its <c>credits_granted</c> entry (effective at <see cref="EffectiveAt"/>).</summary>
    public static (CreditGrant Grant, CreditBalanceTransaction Granted) New(string accountId, string customerId, string currency, long value,
        string? category, string? priceType, IEnumerable<string> priceIds, string? name, long effectiveAt, long? expiresAt, int? priority,
        Dictionary<string, string> metadata, string? testClockId, long now)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(nameof(value));
        var grant = new CreditGrant
        {
            AccountId = accountId,
            Id = Ids.New(Ids.CreditGrant),
            Created = now,
            Updated = now,
            CustomerId = customerId,
            Currency = currency,
            Value = value,
            Category = category ?? Paid,
            PriceType = priceType,
            PriceIds = priceIds.ToList(),
            Name = name,
            EffectiveAt = effectiveAt,
            ExpiresAt = expiresAt,
            Priority = priority ?? DefaultPriority,
            TestClockId = testClockId,
            Metadata = metadata,
        };
        return (grant, grant.Move(value, CreditBalanceTransaction.CreditsGranted, null, null, effectiveAt, now));
    }

    /// <summary>Whether finalization at <paramref name="at"/> may apply this grant: effective, not expired, not voided.</summary>
    /// <summary>"Customers can have up to 100 unused credit grants at a time."</summary>
    public const int MaxUnusedPerCustomer = 100;

    public bool IsUsableAt(long at) => !IsVoided && !IsExpired && EffectiveAt <= at && (ExpiresAt is null || ExpiresAt > at);

    /// <summary>Whether the grant's scope covers a metered line of <paramref name="priceId"/>.</summary>
    public bool Covers(string priceId) => PriceIds.Count == 0 || PriceIds.Contains(priceId);

    /// <summary>Sets or clears <c>expires_at</c> (update); the caller checked it lies ahead.</summary>
    public void SetExpiresAt(long? expiresAt, long now)
    {
        RequireOpen();
        ExpiresAt = expiresAt;
        Updated = now;
    }

    public void Touch(long now) => Updated = now;

    /// <summary>
    /// <c>credits_applied</c> at <paramref name="at"/>: <paramref name="amount"/> of what remains goes to a line of an
    /// invoice being finalized, whose <c>period_end</c> (<paramref name="invoicePeriodEnd"/>) the grant covers.
    /// </summary>
    public CreditBalanceTransaction Apply(long amount, string invoiceId, string lineId, long at, long invoicePeriodEnd)
    {
        if (amount <= 0 || amount > Remaining) throw new ArgumentOutOfRangeException(nameof(amount));
        if (!IsUsableAt(invoicePeriodEnd)) throw new InvalidOperationException($"{Id} is not usable for an invoice whose period ends at {invoicePeriodEnd}");
        return Move(-amount, CreditBalanceTransaction.CreditsApplied, invoiceId, lineId, at, at);
    }

    /// <summary>
    /// <c>credits_application_invoice_voided</c>: credits applied to a voided invoice come back. When the grant has
    /// expired (or its <c>expires_at</c> has passed) or was voided meanwhile, they leave again at once (<c>credits_expired</c> / <c>credits_voided</c>):
    /// both entries are returned, in order.
    /// </summary>
    public IReadOnlyList<CreditBalanceTransaction> Reinstate(long amount, string invoiceId, string lineId, long at)
    {
        if (amount <= 0) throw new ArgumentOutOfRangeException(nameof(amount));
        var back = Move(amount, CreditBalanceTransaction.CreditsApplicationInvoiceVoided, invoiceId, lineId, at, at);
        if (IsVoided) return [back, Move(-amount, CreditBalanceTransaction.CreditsVoided, null, null, at, at)];
        if (IsExpired) return [back, Move(-amount, CreditBalanceTransaction.CreditsExpired, null, null, at, at)];
        // expires_at has passed and its expiry has not run yet: it runs now, on everything that remains.
        if (ExpiresAt <= at) return [back, Expire(at)!];
        return [back];
    }

    /// <summary>
    /// The expiry: what remains leaves as <c>credits_expired</c> (null when nothing remains). <c>expires_at</c> becomes
    /// <paramref name="at"/> when the grant is expired early (the expire endpoint) or had none.
    /// </summary>
    public CreditBalanceTransaction? Expire(long at)
    {
        // A voided grant may still be expired ("You can't apply voided credit grants to future invoices, but you can
        // expire any remaining credits"); an expired one cannot.
        if (IsExpired) throw new InvalidOperationException($"{Id} is expired");
        ExpiredAt = at;
        if (ExpiresAt is null || ExpiresAt > at) ExpiresAt = at;
        Updated = at;
        return Remaining == 0 ? null : Move(-Remaining, CreditBalanceTransaction.CreditsExpired, null, null, at, at);
    }

    /// <summary>
    /// Whether any of the grant is on an invoice now: "You can only void credit grants that you haven't applied to an
    /// invoice, either partially or completely" (credits given back by a voided invoice are no longer applied).
    /// </summary>
    public bool IsApplied => !IsVoided && !IsExpired && Remaining < Value;

    /// <summary>Void: all of the grant leaves as <c>credits_voided</c>; refused (by the caller) once any of it is applied.</summary>
    public CreditBalanceTransaction? Void(long at)
    {
        RequireOpen();
        if (IsApplied) throw new InvalidOperationException($"{Id} is applied to an invoice");
        VoidedAt = at;
        Updated = at;
        return Remaining == 0 ? null : Move(-Remaining, CreditBalanceTransaction.CreditsVoided, null, null, at, at);
    }

    private void RequireOpen()
    {
        if (IsVoided) throw new InvalidOperationException($"{Id} is voided");
        if (IsExpired) throw new InvalidOperationException($"{Id} is expired");
    }

    private CreditBalanceTransaction Move(long signedAmount, string reason, string? invoiceId, string? lineId, long effectiveAt, long now)
    {
        Remaining = checked(Remaining + signedAmount);
        if (Remaining < 0) throw new InvalidOperationException($"{Id} would go below zero");
        return new CreditBalanceTransaction
        {
            AccountId = AccountId,
            // Ordered: one SaveChanges inserts by key, so entries written together keep their order in the ledger (Seq).
            Id = Ids.NewOrdered(Ids.CreditBalanceTransaction),
            Created = now,
            EffectiveAt = effectiveAt,
            CustomerId = CustomerId,
            CreditGrantId = Id,
            Currency = Currency,
            Type = signedAmount >= 0 ? CreditBalanceTransaction.Credit : CreditBalanceTransaction.Debit,
            Reason = reason,
            Amount = Math.Abs(signedAmount),
            InvoiceId = invoiceId,
            InvoiceLineId = lineId,
            TestClockId = TestClockId,
        };
    }
}
