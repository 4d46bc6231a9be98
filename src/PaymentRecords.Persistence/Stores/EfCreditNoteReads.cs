using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application;
using PaymentRecords.Application.CreditNotes;
using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="ICreditNoteReads"/> over one DbContext, for one account.</summary>
public sealed class EfCreditNoteReads(PaymentRecordsDbContext db, string accountId) : ICreditNoteReads
{
    public async Task<ListQuery<CreditNote>> ListAsync(CreditNoteListFilter filter)
    {
        var all = db.CreditNotes.AsNoTracking().Where(n => n.AccountId == accountId);
        var query = all.WhereRange(filter.Created, n => n.Created);
        if (filter.CustomerId is { } customerId)
        {
            if (!await db.ExistsAsync<Customer>(accountId, customerId)) throw new NotFound("customer", customerId, "customer");
            query = query.Where(n => n.CustomerId == customerId);
        }
        if (filter.InvoiceId is { } invoiceId)
        {
            if (!await db.ExistsAsync<Invoice>(accountId, invoiceId)) throw new NotFound("invoice", invoiceId, "invoice");
            query = query.Where(n => n.InvoiceId == invoiceId);
        }
        return new ListQuery<CreditNote>(all, query);
    }

    public IQueryable<CreditNoteLineItem> Lines(string noteId) =>
        db.CreditNoteLineItems.AsNoTracking().Where(l => l.AccountId == accountId && l.CreditNoteId == noteId);
}
