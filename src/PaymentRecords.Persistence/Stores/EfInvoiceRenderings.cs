using Microsoft.EntityFrameworkCore;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Persistence.Stores;

/// <summary>
/// Invoices' stored renderings (table <c>invoice_renderings</c>, kept in step by triggers: the migration
/// <c>20261130160000_InvoiceRenderings</c> says how). A page of invoices reads them instead of reading and rendering
/// every invoice with its lines and customer; what it finds empty it renders and stores back (<see cref="StoreAsync"/>).
/// </summary>
public sealed class EfInvoiceRenderings(PaymentRecordsDbContext db, string accountId)
{
    /// <summary>A page's invoice and its stored rendering: the version (0 without a row) and the JSON (null when a change emptied it).</summary>
    public readonly record struct Stored(string InvoiceId, long Version, byte[]? Body);

    /// <summary>
    /// The invoices of a page's window (filtered, ordered and limited by the caller), each with its stored rendering, in
    /// the window's order and in one round trip: a lookup by key per invoice beside the window's own read. A body
    /// <see cref="KeptRenderings"/> holds at the row's version is not sent again: the statement compares each row's key
    /// with the kept ones (<c>= ANY</c> of one array parameter) and the body comes from memory.
    /// </summary>
    public async Task<List<Stored>> PageAsync(IQueryable<Invoice> window)
    {
        var kept = KeptRenderings.Keys(accountId);
        // A join on the key, not a subquery per invoice: EF Core would number every rendering of the account for that.
        var rows = await (from i in window
                          join r in db.InvoiceRenderings on new { i.AccountId, i.Id } equals new { r.AccountId, Id = r.InvoiceId } into found
                          from r in found.DefaultIfEmpty()
                          select new
                          {
                              i.Id,
                              Version = (long?)r.Version,
                              Body = EF.Parameter(kept).Contains(r.InvoiceId + ":" + r.Version.ToString()) ? null : r.Body,
                          }).ToListAsync();
        var page = new List<Stored>(rows.Count);
        foreach (var row in rows)
        {
            var version = row.Version ?? 0;
            var body = row.Body;
            if (body is not null) KeptRenderings.Keep(accountId, row.Id, version, body);
            // Not sent because kept (or forgotten since the keys were taken: then it is missing, and made again).
            else if (version > 0) body = KeptRenderings.Body(accountId, row.Id, version);
            page.Add(new Stored(row.Id, version, body));
        }
        return page;
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
        renderings = renderings.Where(r => r.Version > 0).ToList();
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
