namespace PaymentRecords.Domain.Invoices;

/// <summary>
/// An invoice's <c>period_start</c> / <c>period_end</c>: "the usage period during which invoice items were added to
/// this invoice. This looks back one period for a subscription invoice." A renewal keeps the period that just ended
/// (its lines bill the next one, in advance); an always_invoice invoice runs from its subscription's period start to
/// its creation (recorded); every other invoice shows its creation time for both, as Stripe does.
/// Kept in the invoice's attributes; the renderer shows them.
/// </summary>
public static class InvoiceUsagePeriod
{
    public const string StartKey = "usage_period_start";
    public const string EndKey = "usage_period_end";

    public static void SetUsagePeriod(this Invoice invoice, long start, long end)
    {
        invoice.Attributes[StartKey] = start;
        invoice.Attributes[EndKey] = end;
    }

    public static long UsagePeriodStart(this Invoice invoice) => Read(invoice, StartKey) ?? invoice.Created;

    public static long UsagePeriodEnd(this Invoice invoice) => Read(invoice, EndKey) ?? invoice.Created;

    private static long? Read(Invoice invoice, string key) =>
        invoice.Attributes[key] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<long>(out var n) ? n : null;
}
