using Microsoft.EntityFrameworkCore;
using Npgsql;
using PaymentRecords.Persistence.SingleTrip;
using PaymentRecords.Api.Prices;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.Pipeline;

/// <summary>
/// Business rules that a unique index enforces (so they hold under concurrency too), and the Stripe error each
/// answers with when a write collides.
/// </summary>
public static class UniqueRules
{
    private static readonly Dictionary<string, Func<StripeError>> Rules = new(StringComparer.Ordinal)
    {
        ["ix_customers_account_id_invoice_prefix"] = ErrorCatalog.InvoicePrefixInUse,
        [Persistence.UniqueIndexes.PaymentRecordRefundReference] = PaymentRecords.PaymentRecordErrors.RefundReferenceInUse,
        [Persistence.UniqueIndexes.InvoicePaymentOneLivePerRecord] = InvoicePayments.InvoicePaymentErrors.PaymentRecordAlreadyAttachedElsewhere,
        [Persistence.UniqueIndexes.PriceLookupKey] = CatalogErrors.PriceLookupKeyTaken,
    };

    public static void Add(string constraint, Func<StripeError> error) => Rules[constraint] = error;

    public static StripeError? ErrorFor(string? constraint) =>
        constraint is not null && Rules.TryGetValue(constraint, out var make) ? make() : null;

    /// <summary>
    /// Saves pending changes; a collision on a rule's unique index becomes that rule's Stripe error (the transaction
    /// is then aborted, and the pipeline rolls it back). Handlers flush through here where a rule may collide.
    /// </summary>
    public static Task SaveChangesAsync(DbContext db) => MapCollisionsAsync(async () =>
    {
        await db.SaveChangesAsync();
        return false;
    });

    /// <summary>
    /// The pipeline's last flush: saves, mapping collisions as <see cref="SaveChangesAsync"/> does, and commits the open
    /// transaction with it when it can (<see cref="CommitRidesLastFlush"/>). True when committed.
    /// </summary>
    public static Task<bool> SaveAndCommitAsync(DbContext db) => MapCollisionsAsync(() => CommitRidesLastFlush.SaveAndCommitAsync(db));

    private static async Task<bool> MapCollisionsAsync(Func<Task<bool>> save)
    {
        try
        {
            return await save();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
                                          && ErrorFor(pg.ConstraintName) is { } error)
        {
            throw new StripeException(error);
        }
    }
}
