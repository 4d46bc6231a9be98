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
        ["ix_customers_account_id_invoice_prefix"] = () =>
            ErrorCatalog.Invalid("This invoice_prefix is already in use by another customer.", "invoice_prefix"),
        [Persistence.UniqueIndexes.PaymentRecordRefundReference] = ErrorCatalog.RefundReferenceInUse,
    };

    public static void Add(string constraint, Func<StripeError> error) => Rules[constraint] = error;

    public static StripeError? ErrorFor(string? constraint) =>
        constraint is not null && Rules.TryGetValue(constraint, out var make) ? make() : null;
}
