using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application.CreditNotes;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.InvoicePayments;
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

    public async Task<Dictionary<string, PaymentRecord>> PaymentRecordsAsync(IReadOnlyCollection<string> ids) =>
        ids.Count == 0
            ? []
            : await db.PaymentRecords.AsNoTracking().Where(r => r.AccountId == accountId && ids.Contains(r.Id))
                .ToDictionaryAsync(r => r.Id, StringComparer.Ordinal);

    public Task<Customer?> CustomerAsync(string customerId) =>
        db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == accountId && c.Id == customerId);

    public Task<Invoice?> InvoiceAsync(string invoiceId) =>
        db.Invoices.AsNoTracking().FirstOrDefaultAsync(i => i.AccountId == accountId && i.Id == invoiceId);

    public Task<Dictionary<string, InvoiceItem>> InvoiceLinesAsync(string invoiceId, IReadOnlyCollection<string> lineIds) =>
        db.InvoiceItems.AsNoTracking().Where(i => i.AccountId == accountId && i.InvoiceId == invoiceId && lineIds.Contains(i.LineId!))
            .ToDictionaryAsync(i => i.LineId!, StringComparer.Ordinal);

    public Task<Dictionary<string, LineCredited>> CreditedPerLineAsync(IReadOnlyCollection<string> lineIds) =>
        (from l in db.CreditNoteLineItems
         join n in db.CreditNotes on new { l.AccountId, l.CreditNoteId } equals new { n.AccountId, CreditNoteId = n.Id }
         where l.AccountId == accountId && l.InvoiceLineItem != null && lineIds.Contains(l.InvoiceLineItem) && n.Status == CreditNoteStatus.Issued
         group l by l.InvoiceLineItem into g
         select new
         {
             Line = g.Key!,
             Amount = g.Sum(x => x.Amount),
             Quantity = g.Sum(x => x.Quantity ?? 0),
             ByQuantity = g.Any(x => x.Quantity != null),
             ByAmount = g.Any(x => x.Quantity == null),
         }).ToDictionaryAsync(x => x.Line, x => new LineCredited(x.Amount, x.Quantity, x.ByQuantity, x.ByAmount), StringComparer.Ordinal);

    public Task<bool> RecordPaysInvoiceAsync(string recordId, string invoiceId) =>
        db.InvoicePayments.AnyAsync(ip => ip.AccountId == accountId && ip.InvoiceId == invoiceId
            && ip.PaymentRecordId == recordId && ip.Status != InvoicePaymentStatus.Canceled);

    public Task<PaymentRecordRefund?> RefundGroupAsync(string recordId, string refundGroup) =>
        db.PaymentRecordRefunds.AsNoTracking().FirstOrDefaultAsync(x => x.AccountId == accountId
            && x.PaymentRecordId == recordId && x.RefundReference == refundGroup);

    public Task<long> CitedAsync(string paymentRecordRefundId) =>
        db.CreditNoteRefunds.Where(c => c.AccountId == accountId && c.PaymentRecordRefundId == paymentRecordRefundId && !c.Voided)
            .SumAsync(c => c.AmountRefunded);

    public Task<int> CountForInvoiceAsync(string invoiceId) =>
        db.CreditNotes.CountAsync(n => n.AccountId == accountId && n.InvoiceId == invoiceId);

    public void Add(CreditNote note, IEnumerable<CreditNoteLineItem> lines, IEnumerable<CreditNoteRefund> citations)
    {
        db.CreditNotes.Add(note);
        db.CreditNoteLineItems.AddRange(lines);
        db.CreditNoteRefunds.AddRange(citations);
    }
}
