using PaymentRecords.Domain.Credits;
using PaymentRecords.Domain.Scheduling;

namespace PaymentRecords.Application.Credits;

/// <summary>Why a credit grant request was refused (the endpoint maps each to Stripe's error).</summary>
public enum CreditGrantRefusal
{
    /// <summary>amount.monetary.value is not positive.</summary>
    AmountNotPositive,
    /// <summary>The scope names both price_type and prices, or neither.</summary>
    ScopeNotOne,
    /// <summary>A price of scope.prices is not metered.</summary>
    PriceNotMetered,
    /// <summary>priority outside 0–100.</summary>
    PriorityOutOfRange,
    /// <summary>expires_at not after effective_at (or, on update, not in the future).</summary>
    ExpiresNotAfterEffective,
    /// <summary>The grant is voided: it cannot change.</summary>
    Voided,
    /// <summary>The grant has expired: it cannot change.</summary>
    Expired,
    /// <summary>Void of a grant some of which is applied to an invoice.</summary>
    Applied,
    /// <summary>The customer already has <see cref="CreditGrant.MaxUnusedPerCustomer"/> grants holding credits.</summary>
    TooManyUnused,
}

public sealed class CreditGrantRefused(CreditGrantRefusal reason, string? detail = null) : Exception($"credit grant refused: {reason} {detail}")
{
    public CreditGrantRefusal Reason { get; } = reason;
    public string? Detail { get; } = detail;
}

/// <summary>POST /v1/billing/credit_grants (docs/endpoints-billing-credits.md).</summary>
public sealed record CreateCreditGrantCommand(string CustomerId, string Currency, long Value, string? Category, string? PriceType,
    IReadOnlyList<string> PriceIds, string? Name, long? EffectiveAt, long? ExpiresAt, long? Priority, MetadataChange? Metadata);

/// <summary>
/// A grant for a live customer, effective at <c>effective_at</c> (default: the customer's clock now), its
/// <c>credits_granted</c> entry, and its expiry as due work at <c>expires_at</c> on the customer's clock. Events:
/// <c>billing.credit_grant.created</c>, <c>billing.credit_balance_transaction.created</c>.
/// </summary>
public sealed class CreateCreditGrant(BillingContext billing)
{
    public async Task<CreditGrant> RunAsync(CreateCreditGrantCommand c)
    {
        if (c.Value <= 0) throw new CreditGrantRefused(CreditGrantRefusal.AmountNotPositive);
        if ((c.PriceType is null) == (c.PriceIds.Count == 0)) throw new CreditGrantRefused(CreditGrantRefusal.ScopeNotOne);
        if (c.Priority is < 0 or > CreditGrant.LowestPriority) throw new CreditGrantRefused(CreditGrantRefusal.PriorityOutOfRange);
        var store = billing.CreditGrants;
        foreach (var id in c.PriceIds)
            if (!await store.PriceExistsAsync(id)) throw new NotFound("price", id, "applicability_config[scope][prices]");
        var metered = c.PriceIds.Count == 0 ? new HashSet<string>() : await store.MeteredPricesAsync(c.PriceIds);
        if (c.PriceIds.FirstOrDefault(id => !metered.Contains(id)) is { } notMetered)
            throw new CreditGrantRefused(CreditGrantRefusal.PriceNotMetered, notMetered);
        var customer = await billing.Invoices.LiveCustomerAsync(c.CustomerId) ?? throw new NotFound("customer", c.CustomerId, "customer");
        // "Customers can have up to 100 unused credit grants at a time. If you issue a credit grant after this limit,
        // the request fails."
        if (await store.UnusedCountAsync(customer.Id) >= CreditGrant.MaxUnusedPerCustomer) throw new CreditGrantRefused(CreditGrantRefusal.TooManyUnused);
        billing.BillFor(customer.Id);
        var now = billing.Now;
        var effectiveAt = c.EffectiveAt ?? now;
        if (c.ExpiresAt is { } expires && expires <= effectiveAt) throw new CreditGrantRefused(CreditGrantRefusal.ExpiresNotAfterEffective);

        var (grant, granted) = CreditGrant.New(billing.AccountId, customer.Id, c.Currency, c.Value, c.Category, c.PriceType, c.PriceIds, c.Name,
            effectiveAt, c.ExpiresAt, (int?)c.Priority, MetadataChange.New(c.Metadata), customer.TestClockId, now);
        store.Add(grant);
        store.Add(granted);
        await CreditGrantExpiry.ScheduleAsync(billing, grant);
        await billing.Events.CreditGrantAsync(BillingOutcome.CreditGrantCreated, grant);
        await billing.Events.CreditBalanceTransactionAsync(granted);
        return grant;
    }
}

/// <param name="ExpiresAt">null: unchanged; <c>new(null)</c>: the grant no longer expires.</param>
public sealed record UpdateCreditGrantCommand(string GrantId, FieldChange<long?>? ExpiresAt, MetadataChange? Metadata);

/// <summary>POST /v1/billing/credit_grants/{id}: expires_at (in the future, after effective_at) and metadata. Event: <c>billing.credit_grant.updated</c>.</summary>
public sealed class UpdateCreditGrant(BillingContext billing)
{
    public async Task<CreditGrant> RunAsync(UpdateCreditGrantCommand c)
    {
        var grant = await CreditGrantExpiry.LockAsync(billing, c.GrantId);
        var now = billing.Now;
        if (c.ExpiresAt is { } change)
        {
            CreditGrantExpiry.RequireOpen(grant);
            if (change.Value is { } expires && (expires <= now || expires <= grant.EffectiveAt))
                throw new CreditGrantRefused(CreditGrantRefusal.ExpiresNotAfterEffective);
            grant.SetExpiresAt(change.Value, now);
            await CreditGrantExpiry.ScheduleAsync(billing, grant);
        }
        if (c.Metadata is { } metadata)
        {
            grant.Metadata = metadata.ApplyTo(grant.Metadata);
            grant.Touch(now);
        }
        await billing.Events.CreditGrantAsync(BillingOutcome.CreditGrantUpdated, grant);
        return grant;
    }
}

/// <summary>
/// POST /v1/billing/credit_grants/{id}/expire: expires now (expires_at becomes now); what remains leaves as
/// <c>credits_expired</c>. Refused on an expired grant; a voided one may be expired ("you can expire any remaining
/// credits"). Events: <c>billing.credit_grant.updated</c>, <c>billing.credit_balance_transaction.created</c> when credits remained.
/// </summary>
public sealed class ExpireCreditGrant(BillingContext billing)
{
    public async Task<CreditGrant> RunAsync(string grantId)
    {
        var grant = await CreditGrantExpiry.LockAsync(billing, grantId);
        if (grant.IsExpired) throw new CreditGrantRefused(CreditGrantRefusal.Expired);
        await CreditGrantExpiry.ExpireAsync(billing, grant, billing.Now);
        return grant;
    }
}

/// <summary>
/// POST /v1/billing/credit_grants/{id}/void: voided_at now; the whole grant leaves as <c>credits_voided</c>. Refused
/// on a voided or expired grant, and on one any of which is applied to an invoice ("You can only void credit grants
/// that you haven't applied to an invoice, either partially or completely"). Events as <see cref="ExpireCreditGrant"/>.
/// </summary>
public sealed class VoidCreditGrant(BillingContext billing)
{
    public async Task<CreditGrant> RunAsync(string grantId)
    {
        var grant = await CreditGrantExpiry.LockAsync(billing, grantId);
        CreditGrantExpiry.RequireOpen(grant);
        if (grant.IsApplied) throw new CreditGrantRefused(CreditGrantRefusal.Applied);
        var voided = grant.Void(billing.Now);
        if (voided is not null) billing.CreditGrants.Add(voided);
        await billing.Events.CreditGrantAsync(BillingOutcome.CreditGrantUpdated, grant);
        if (voided is not null) await billing.Events.CreditBalanceTransactionAsync(voided);
        return grant;
    }
}

/// <summary>
/// A grant's expiry as time passes: due work of kind <see cref="DueWorkKinds.CreditGrantExpiry"/> at <c>expires_at</c>,
/// on the customer's test clock when it has one, written with the grant (and again when <c>expires_at</c> changes:
/// a row whose time is no longer the grant's is stale and does nothing).
/// </summary>
public sealed class CreditGrantExpiry(BillingContext billing)
{
    public async Task RunAsync(string grantId, long dueAt)
    {
        var grant = await billing.CreditGrants.LockAsync(grantId);
        if (grant is null || grant.IsVoided || grant.IsExpired || grant.ExpiresAt != dueAt) return;
        billing.BillFor(grant.CustomerId);
        await ExpireAsync(billing, grant, dueAt);
    }

    internal static async Task ExpireAsync(BillingContext billing, CreditGrant grant, long at)
    {
        var expired = grant.Expire(at);
        if (expired is not null) billing.CreditGrants.Add(expired);
        await billing.Events.CreditGrantAsync(BillingOutcome.CreditGrantUpdated, grant);
        if (expired is not null) await billing.Events.CreditBalanceTransactionAsync(expired);
    }

    internal static async Task ScheduleAsync(BillingContext billing, CreditGrant grant)
    {
        if (grant.ExpiresAt is not { } at) return;
        // Back to a time already scheduled (an update undone): that row does it.
        if (await billing.Schedule.IsDueAsync(DueWorkKinds.CreditGrantExpiry, grant.Id, at)) return;
        billing.Schedule.Add(new DueWork
        {
            AccountId = billing.AccountId, Kind = DueWorkKinds.CreditGrantExpiry, ObjectId = grant.Id, DueAt = at, TestClockId = grant.TestClockId,
        });
    }

    internal static async Task<CreditGrant> LockAsync(BillingContext billing, string grantId)
    {
        var grant = await billing.CreditGrants.LockAsync(grantId) ?? throw new NotFound("billing.credit_grant", grantId);
        billing.BillFor(grant.CustomerId);
        return grant;
    }

    internal static void RequireOpen(CreditGrant grant)
    {
        if (grant.IsVoided) throw new CreditGrantRefused(CreditGrantRefusal.Voided);
        if (grant.IsExpired) throw new CreditGrantRefused(CreditGrantRefusal.Expired);
    }
}
