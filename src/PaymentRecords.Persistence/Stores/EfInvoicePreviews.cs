using Microsoft.EntityFrameworkCore;

namespace PaymentRecords.Persistence.Stores;

/// <summary>One kept preview: the invoice as create_preview answered it (its first lines embedded), and all its lines.</summary>
public sealed record KeptInvoicePreview(string Invoice, string Lines);

/// <summary>
/// create_preview's answers, kept (table <c>invoice_previews</c>): "the resulting invoice preview can be retrieved
/// through the /v1/invoices/:id endpoint for the following 72 hours" (Stripe's *Preview an invoice* guide), its lines
/// through /v1/invoices/:id/lines. Kept by wall time: a test clock does not age them. JSON as text, written once.
/// </summary>
public sealed class EfInvoicePreviews(PaymentRecordsDbContext db, string accountId)
{
    public const long KeptSeconds = 72 * 3600;

    /// <summary>Keeps the preview <paramref name="id"/> (<c>upcoming_in_…</c>) until 72 hours after <paramref name="now"/>.</summary>
    public Task SaveAsync(string id, long now, string invoice, string lines) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO invoice_previews (account_id, id, expires_at, invoice, lines)
            VALUES ({accountId}, {id}, {now + KeptSeconds}, {invoice}, {lines})
            """);

    /// <summary>The preview, unless it is not this account's or has expired at <paramref name="now"/>.</summary>
    public async Task<KeptInvoicePreview?> FindAsync(string id, long now) =>
        (await db.Database.SqlQuery<KeptInvoicePreview>($"""
            SELECT invoice, lines FROM invoice_previews
            WHERE account_id = {accountId} AND id = {id} AND expires_at > {now}
            """).ToListAsync()).SingleOrDefault();

    /// <summary>Deletes every account's previews expired at <paramref name="now"/> (the hourly purger).</summary>
    public static Task<int> PurgeExpiredAsync(PaymentRecordsDbContext db, long now) =>
        db.Database.ExecuteSqlAsync($"DELETE FROM invoice_previews WHERE expires_at <= {now}");
}
