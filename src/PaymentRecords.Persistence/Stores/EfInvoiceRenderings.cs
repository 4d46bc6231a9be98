using Microsoft.EntityFrameworkCore;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Persistence.SingleTrip;

namespace PaymentRecords.Persistence.Stores;

/// <summary>
/// Invoices' stored renderings (table <c>invoice_renderings</c>, kept in step by triggers: the migration
/// <c>20261130160000_InvoiceRenderings</c> says how). A page of invoices reads them instead of reading and rendering
/// every invoice with its lines and customer; what it finds empty it renders and stores back (<see cref="StoreAsync"/>).
/// </summary>
public sealed class EfInvoiceRenderings(PaymentRecordsDbContext db, string accountId)
{
    /// <summary>An invoice's stored rendering: its version, and its JSON (null when a change emptied it).</summary>
    public readonly record struct Stored(string InvoiceId, long Version, byte[]? Body);

    /// <summary>The stored renderings of these invoices, in one round trip; an invoice without a row is left out.</summary>
    public async Task<Dictionary<string, Stored>> ReadAsync(IReadOnlyList<string> invoiceIds)
    {
        if (invoiceIds.Count == 0) return [];
        var batch = new ReadBatch(db);
        var rows = batch.Select(
            "SELECT invoice_id, version, body FROM invoice_renderings WHERE account_id = $1 AND invoice_id = ANY($2)",
            r => new Stored(r.GetString(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetFieldValue<byte[]>(2)),
            accountId, invoiceIds.ToArray());
        await batch.SendAsync();
        return rows.Items.ToDictionary(r => r.InvoiceId);
    }

    /// <summary>The invoices, untracked (those a page found no rendering for).</summary>
    public Task<List<Invoice>> InvoicesAsync(IReadOnlyCollection<string> invoiceIds) =>
        db.Invoices.AsNoTracking().Where(i => i.AccountId == accountId && invoiceIds.Contains(i.Id)).ToListAsync();

    /// <summary>
    /// Stores renderings made from what was read after their <see cref="Stored.Version"/> was: each only if its row
    /// still has that version and no body (a change since moved the version, and its rendering would be stale), and
    /// only if no transaction holds the row (one that is changing the invoice will move the version: nothing waits).
    /// Outside any unit of work, in its own transaction without waiting for the disk: a rendering lost in a crash is
    /// only made again. Inside one (a write rendering a page), nothing is stored.
    /// </summary>
    public async Task StoreAsync(IReadOnlyList<(string InvoiceId, long Version, byte[] Body)> renderings)
    {
        if (renderings.Count == 0 || db.Database.CurrentTransaction is not null) return;
        var ids = renderings.Select(r => r.InvoiceId).ToArray();
        // Npgsql sends BEGIN with the statement: two round trips in all, and only for renderings a page did not find.
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("""
            SET LOCAL synchronous_commit TO OFF;
            UPDATE invoice_renderings r SET body = f.body
            FROM unnest({1}::text[], {2}::bigint[], {3}::bytea[]) AS f(invoice_id, version, body)
            WHERE r.account_id = {0} AND r.invoice_id = f.invoice_id AND r.version = f.version AND r.body IS NULL
              AND r.invoice_id IN (SELECT invoice_id FROM invoice_renderings
                                   WHERE account_id = {0} AND invoice_id = ANY({1}) FOR UPDATE SKIP LOCKED);
            """, accountId, ids, renderings.Select(r => r.Version).ToArray(), renderings.Select(r => r.Body).ToArray());
        await tx.CommitAsync();
    }
}
