using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Invoices;

/// <summary>
/// An invoice item (<c>ii_</c>). Pending while <see cref="InvoiceId"/> is null; once on an invoice it is also that
/// invoice's line (<c>line_item</c>, <see cref="LineId"/> <c>il_</c>) at <see cref="LinePosition"/>: in this
/// server every line comes from an invoice item, so one row is both. An item <see cref="Deleted"/> with its draft keeps
/// the id of that invoice, which is gone.
/// </summary>
public sealed class InvoiceItem : IAccountScoped
{
    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    /// <summary>The item's <c>date</c>.</summary>
    public long Created { get; init; }
    public required string CustomerId { get; init; }
    public required string Currency { get; init; }
    public string? InvoiceId { get; private set; }
    public string? LineId { get; private set; }
    public int? LinePosition { get; private set; }
    public long Amount { get; private set; }
    public long Quantity { get; private set; } = 1;
    /// <summary>Minor units, kept exactly as given (up to 12 decimals).</summary>
    public decimal UnitAmountDecimal { get; private set; }
    public string? Description { get; set; }
    public bool Discountable { get; set; } = true;
    public long PeriodStart { get; set; }
    public long PeriodEnd { get; set; }
    /// <summary>
    /// Set on a line a subscription billed (<c>parent.type = subscription_item_details</c>): such a row is a line only,
    /// never an invoice item on the wire.
    /// </summary>
    public string? SubscriptionId { get; init; }
    /// <summary>The test clock of its customer (Stripe shows it on the object; a customer joins a clock only at creation).</summary>
    public string? TestClockId { get; init; }
    public string? SubscriptionItemId { get; init; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    /// <summary>Echo-only inputs (tax_behavior, tax_code).</summary>
    public JsonObject Attributes { get; set; } = [];

    /// <summary>
    /// Deleted with its draft invoice. Stripe keeps such an item on the dead invoice (recorded: it is not pending
    /// again, an update answers "This invoice item has been deleted.", a delete that the invoice is no longer editable);
    /// it is never listed or retrieved.
    /// </summary>
    public bool Deleted { get; private set; }

    public bool IsPending => InvoiceId is null;

    /// <summary>
    /// A subscription item's line (<c>parent.type = subscription_item_details</c> with no invoice item behind it): only
    /// its metadata changes, and it never leaves its invoice by a line edit.
    /// </summary>
    public bool IsSubscriptionLine => SubscriptionItemId is not null;

    /// <summary>The <see cref="Attributes"/> key of the line's <c>pretax_credit_amounts</c>: {credit_balance_transaction, amount}.</summary>
    public const string PretaxCreditsKey = "pretax_credits";

    /// <summary>Billing credits applied to this line at finalization (<see cref="Invoice.ApplyPretaxCredits"/>).</summary>
    internal void AddPretaxCredit(string creditBalanceTransactionId, long amount)
    {
        if (Attributes[PretaxCreditsKey] is not JsonArray entries) Attributes[PretaxCreditsKey] = entries = [];
        entries.Add(new JsonObject { ["credit_balance_transaction"] = creditBalanceTransactionId, ["amount"] = amount });
    }

    /// <summary>
    /// Prices the line with <paramref name="transform"/>, its price's <c>transform_quantity</c> (null: none), before
    /// <see cref="SetUnitAmount"/>: kept on the row, so every later recount of its amount (a new quantity, a metered
    /// line's latest usage) applies it. A proration never takes it: its unit amount is already of the transformed quantity.
    /// </summary>
    public void PricedWith(Catalog.QuantityTransform? transform, Catalog.PriceTiers? tiers = null) => KeepPriceRules(Attributes, transform, tiers);

    /// <summary>
    /// Keeps a price's quantity rules in <paramref name="attributes"/> (an item's, or those of one about to be made):
    /// the transform and the tiers, each removed when null.
    /// </summary>
    public static void KeepPriceRules(JsonObject attributes, Catalog.QuantityTransform? transform, Catalog.PriceTiers? tiers)
    {
        Catalog.QuantityTransform.Keep(attributes, transform);
        Catalog.PriceTiers.Keep(attributes, tiers);
    }

    /// <summary>Priced with a tiered price's tiers (<see cref="PricedWith"/>): its amount is theirs, it has no unit amount.</summary>
    public bool IsTiered => Attributes[Catalog.PriceTiers.Key] is not null;

    /// <summary>Priced with a transform or tiers: its amount is not unit × quantity.</summary>
    public bool HasQuantityRule => IsTiered || Attributes[Catalog.QuantityTransform.Key] is not null;

    /// <summary>
    /// The exact amount (minor units, decimals) <paramref name="quantity"/> at <paramref name="unitAmountDecimal"/> makes
    /// under this line's price rules: its tiers' amount of the quantity, else unit × the (transformed) quantity.
    /// </summary>
    public decimal ExactAmountOf(decimal unitAmountDecimal, long quantity) =>
        Catalog.PriceTiers.From(Attributes) is { } tiers ? tiers.Amount(quantity)
            : unitAmountDecimal * (Catalog.QuantityTransform.From(Attributes)?.Apply(quantity) ?? quantity);

    /// <summary>A fixed amount: unit = amount, quantity 1 (no price's quantity transform applies to it).</summary>
    public void SetAmount(long amount)
    {
        PricedWith(null, null);
        UnitAmountDecimal = amount;
        Quantity = 1;
        Amount = amount;
    }

    /// <summary>
    /// unit × quantity, rounded half away from zero; under its price's quantity transform (<see cref="PricedWith"/>),
    /// unit × the transformed quantity, the line keeping the quantity as given; under a tiered price's tiers, their
    /// amount of the quantity.
    /// </summary>
    public void SetUnitAmount(decimal unitAmountDecimal, long quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        var amount = LineAmounts.Amount(ExactAmountOf(unitAmountDecimal, quantity), 1);
        UnitAmountDecimal = unitAmountDecimal;
        Quantity = quantity;
        Amount = amount;
    }

    /// <summary>Puts the item on an invoice as its line at <paramref name="position"/>.</summary>
    public void AttachTo(string invoiceId, string lineId, int position)
    {
        if (InvoiceId is not null) throw new InvalidOperationException($"{Id} is already on {InvoiceId}");
        InvoiceId = invoiceId;
        LineId = lineId;
        LinePosition = position;
    }

    /// <summary>
    /// Taken off its draft invoice and pending again (remove_lines' <c>unassign</c>): the next invoice may take it, as a
    /// new line. The invoice's totals are the caller's (<see cref="Invoice.RemoveLine"/> first).
    /// </summary>
    public void Unassign()
    {
        if (InvoiceId is null) throw new InvalidOperationException($"{Id} is already pending");
        if (IsSubscriptionLine) throw new InvalidOperationException($"{Id} is a subscription item's line, not an invoice item");
        InvoiceId = null;
        LineId = null;
        LinePosition = null;
    }

    /// <summary>Its draft invoice was deleted: the item goes with it, still naming it (<see cref="Deleted"/>).</summary>
    public void DeleteWithInvoice()
    {
        if (InvoiceId is null) throw new InvalidOperationException($"{Id} is pending: it has no invoice to be deleted with");
        Deleted = true;
    }
}
