using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <summary>
/// A draft invoice and its lines, locked for a line edit (update_lines, remove_lines, a line's own update): the invoice
/// first, then its lines (the lock order's "invoice → its children").
/// </summary>
public sealed class DraftInvoiceLines
{
    private readonly Dictionary<string, InvoiceItem> byLineId;

    private DraftInvoiceLines(Invoice invoice, IReadOnlyList<InvoiceItem> lines)
    {
        Invoice = invoice;
        byLineId = lines.Where(l => l.LineId is not null && !l.Deleted).ToDictionary(l => l.LineId!);
    }

    public Invoice Invoice { get; }

    /// <summary>
    /// Locks the invoice (404 on <c>invoice</c> when missing) and, once it is known to be a draft, its lines.
    /// <paramref name="param"/> is blamed when the invoice is no longer editable (<see cref="InvoiceItemRefusal.InvoiceNotEditable"/>).
    /// </summary>
    public static async Task<DraftInvoiceLines> LockAsync(BillingContext billing, string invoiceId, string param)
    {
        var invoice = await billing.Invoices.LockInvoiceAsync(invoiceId, "invoice");
        billing.BillFor(invoice.CustomerId);
        if (!InvoiceStatusMachine.Allows(invoice.Status, InvoiceAction.EditMoney))
            throw new InvoiceItemRefused(InvoiceItemRefusal.InvoiceNotEditable, invoice, param);
        return new DraftInvoiceLines(invoice, await billing.Invoices.LockLinesAsync(invoice.Id));
    }

    /// <summary>
    /// The line <paramref name="lineId"/> (<c>il_…</c>) of the invoice; <see cref="NotFound"/> on <paramref name="param"/>
    /// otherwise (<paramref name="asInvalidParameter"/>: named in the body, a 400; in the path, a 404).
    /// </summary>
    public InvoiceItem Line(string lineId, string param, bool asInvalidParameter) =>
        byLineId.TryGetValue(lineId, out var line) ? line : throw new NotFound("line item", lineId, param, asInvalidParameter);

    /// <summary>Takes the line off the invoice's totals and out of this set (a later entry naming it finds nothing).</summary>
    public void Remove(InvoiceItem line)
    {
        Invoice.RemoveLine(line);
        byLineId.Remove(line.LineId!);
    }
}
