using PaymentRecords.Domain.Credits;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Credits;

/// <summary>
/// Billing credits on invoices (docs/endpoints-billing-credits.md): applied when a subscription invoice is finalized
/// (<see cref="ApplyAsync"/>, called by <see cref="Invoices.FinalizeInvoice"/>, so the finalize endpoint and the
/// scheduler's auto-finalize apply them in the finalization's transaction), given back when it is voided
/// (<see cref="ReinstateAsync"/>). Never one-off invoices; only lines of subscription items whose price is metered.
/// </summary>
public static class InvoiceCredits
{
    /// <summary>
    /// Applies the customer's grants that cover the invoice's <c>period_end</c> to the draft's metered subscription lines (after discounts, before tax) in
    /// Stripe's order (<see cref="CreditApplication"/>), before the draft's totals are frozen. Lock order: the caller
    /// holds the customer and the invoice; the lines, then the grants (by id) are locked here. Returns the
    /// <c>credits_applied</c> entries written.
    /// </summary>
    public static async Task<IReadOnlyList<CreditBalanceTransaction>> ApplyAsync(BillingContext billing, Invoice invoice, long at)
    {
        if (invoice.SubscriptionId is null || billing.CreditGrantsOrNull is not { } store) return [];
        var lines = (await billing.Invoices.LockLinesAsync(invoice.Id))
            .Where(l => l.SubscriptionItemId is not null && l.Amount > 0 && PriceOf(l) is not null)
            .OrderBy(l => l.LinePosition)
            .ToList();
        if (lines.Count == 0) return [];
        var metered = await store.MeteredPricesAsync(lines.Select(l => PriceOf(l)!).Distinct().ToList());
        var creditable = lines.Where(l => metered.Contains(PriceOf(l)!)).ToList();
        if (creditable.Count == 0) return [];
        // Which grants qualify is decided by the invoice's period_end, not the time of finalization: "The invoice's
        // period_end is on or after the credit grant's effective_at time" and before its expires_at (a renewal's
        // period_end is the end of the period it looks back on, so a grant made during the draft's hour waits for the next).
        var periodEnd = invoice.UsagePeriodEnd();
        var grants = await store.LockUsableAsync(invoice.CustomerId, invoice.Currency, periodEnd);
        if (grants.Count == 0) return [];

        var byLine = creditable.ToDictionary(l => l.LineId!, StringComparer.Ordinal);
        var allocations = CreditApplication.Allocate(grants, creditable.Select(l => new CreditableLine(l.LineId!, PriceOf(l)!, l.Amount - invoice.LineDiscount(l.LineId!))).ToList(),
            invoice.Currency, periodEnd);
        var entries = new List<CreditBalanceTransaction>();
        var applied = new List<(InvoiceItem, string, long)>();
        // Never more than the invoice has left after its discounts (its negative lines, prorations' credits, count too).
        var room = Math.Max(0, invoice.Subtotal - invoice.DiscountAmount);
        foreach (var a in allocations)
        {
            var amount = Math.Min(a.Amount, room);
            if (amount <= 0) break;
            room -= amount;
            var entry = a.Grant.Apply(amount, invoice.Id, a.LineId, at, periodEnd);
            entries.Add(entry);
            applied.Add((byLine[a.LineId], entry.Id, amount));
        }
        store.AddRange(entries);
        invoice.ApplyPretaxCredits(applied);
        return entries;
    }

    /// <summary>
    /// A voided invoice gives its credits back (<c>credits_application_invoice_voided</c>, one per entry applied); those
    /// of a grant that has expired (or was voided) meanwhile leave again at once. A credit note gives nothing back.
    /// Lock order: the caller holds the customer and the invoice; the grants are locked here, by id.
    /// </summary>
    public static async Task<IReadOnlyList<CreditBalanceTransaction>> ReinstateAsync(BillingContext billing, Invoice invoice, long at)
    {
        if (invoice.PretaxCreditAmount == 0 || billing.CreditGrantsOrNull is not { } store) return [];
        var applied = await store.AppliedToInvoiceAsync(invoice.Id);
        var grants = (await store.LockAsync(applied.Select(e => e.CreditGrantId).Distinct().ToList())).ToDictionary(g => g.Id, StringComparer.Ordinal);
        var entries = new List<CreditBalanceTransaction>();
        foreach (var e in applied)
            entries.AddRange(grants[e.CreditGrantId].Reinstate(e.Amount, invoice.Id, e.InvoiceLineId!, at));
        store.AddRange(entries);
        return entries;
    }

    /// <summary>The price a subscription line bills (its <c>pricing.price_details.price</c>).</summary>
    private static string? PriceOf(InvoiceItem line) =>
        line.Attributes[Invoices.InvoiceItemChanges.PriceDetailsKey]?["price"]?.GetValue<string>();
}
