using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application.CreditNotes;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="ICreditNoteStore"/> over one unit of work, for one account; the endpoints' helpers call it too.</summary>
public sealed class EfCreditNoteStore(PaymentRecordsDbContext db, string accountId) : ICreditNoteStore
{
    public Task<CreditNote?> FindAsync(string id) =>
        db.CreditNotes.AsNoTracking().FirstOrDefaultAsync(n => n.AccountId == accountId && n.Id == id);

    public Task<List<CreditNoteRefund>> CitationsAsync(string noteId) =>
        db.CreditNoteRefunds.Where(c => c.AccountId == accountId && c.CreditNoteId == noteId).OrderBy(c => c.Position).ToListAsync();

    public async Task<Dictionary<string, PaymentRecord>> LockPaymentRecordsAsync(IEnumerable<string> ids)
    {
        var sorted = ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (sorted.Length == 0) return [];
        var rows = await db.PaymentRecords.FromSql($"""
            SELECT * FROM payment_records WHERE account_id = {accountId} AND id = ANY({sorted}) ORDER BY id FOR UPDATE
            """).ToListAsync();
        return rows.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    public Task<CreditNote?> LockAsync(string id) => db.LockOneAsync<CreditNote>(accountId, id);

    public async Task<bool> OverpaymentCreditedAsync(Invoice invoice) =>
        invoice.Totals(0).AmountOverpaid > 0 && await db.CustomerBalanceTransactions.AnyAsync(t =>
            t.AccountId == accountId && t.InvoiceId == invoice.Id && t.Type == CustomerBalanceTransaction.InvoiceOverpaid);
}
