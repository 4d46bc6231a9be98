using System.Text.Json.Nodes;
using PaymentRecords.Api.Customers;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Api.Invoices;

/// <summary>
/// The invoice object exactly as Stripe shapes it: every field of the schema, nullable ones as null, the first
/// <see cref="EmbeddedLines"/> lines embedded. Until finalize the customer fields and starting balance are the
/// customer's current ones; finalize freezes them.
/// </summary>
public static class InvoiceRenderer
{
    public const int EmbeddedLines = 10;
    public const string SnapshotKey = Invoice.CustomerSnapshotKey;
    private static readonly ICollection<KeyValuePair<string, JsonNode?>> Room = Shapes.Room(80);

    /// <param name="inv">The invoice.</param>
    /// <param name="lines">The invoice's first lines in order (up to <see cref="EmbeddedLines"/> + 1, to tell has_more).</param>
    /// <param name="customer">The invoice's customer (needed while a draft; may be null once finalized).</param>
    public static JsonObject Render(Invoice inv, IReadOnlyList<InvoiceItem> lines, Customer? customer)
    {
        var a = inv.Attributes;
        var draft = inv.Status == InvoiceStatus.Draft;
        var totals = inv.Totals(DraftStartingBalance(inv, customer));
        var snapshot = draft || a[SnapshotKey] is not JsonObject frozen ? CustomerSnapshot(customer) : frozen;
        var obj = new JsonObject(Room)
        {
            ["id"] = inv.Id,
            ["object"] = "invoice",
            ["account_country"] = null,
            ["account_name"] = null,
            ["account_tax_ids"] = null,
            ["amount_due"] = totals.AmountDue,
            ["amount_overpaid"] = totals.AmountOverpaid,
            ["amount_paid"] = totals.AmountPaid,
            ["amount_remaining"] = totals.AmountRemaining,
            ["amount_shipping"] = 0,
            ["application"] = null,
            ["attempt_count"] = inv.AttemptCount(),
            ["attempted"] = inv.Status == InvoiceStatus.Paid || inv.AttemptCount() > 0,
            ["auto_advance"] = inv.AutoAdvance,
            ["automatic_tax"] = new JsonObject
            {
                ["disabled_reason"] = null,
                ["enabled"] = false,
                ["liability"] = null,
                ["provider"] = null,
                ["status"] = null,
            },
            ["automatically_finalizes_at"] = draft ? inv.AutomaticallyFinalizesAt : null,
            ["billing_reason"] = inv.BillingReason,
            ["collection_method"] = inv.CollectionMethod,
            ["created"] = inv.Created,
            ["currency"] = inv.Currency,
            ["custom_fields"] = a["custom_fields"]?.DeepClone(),
            ["customer"] = inv.CustomerId,
        };
        foreach (var (key, value) in snapshot) obj[key] = value?.DeepClone();
        obj["default_payment_method"] = a["default_payment_method"]?.DeepClone();
        obj["default_source"] = null;
        obj["default_tax_rates"] = new JsonArray();
        obj["description"] = inv.Description;
        obj["discounts"] = new JsonArray();
        obj["due_date"] = inv.DueDate;
        obj["effective_at"] = inv.EffectiveAt;
        obj["ending_balance"] = inv.EndingBalance;
        obj["footer"] = a["footer"]?.DeepClone();
        obj["from_invoice"] = null;
        obj["hosted_invoice_url"] = null;
        obj["invoice_pdf"] = null;
        obj["issuer"] = new JsonObject { ["type"] = "self" };
        obj["last_finalization_error"] = null;
        obj["latest_revision"] = null;
        obj["lines"] = Lines(inv.Id, lines);
        obj["livemode"] = false;
        obj["metadata"] = Shapes.Metadata(inv.Metadata);
        obj["next_payment_attempt"] = inv.Status == InvoiceStatus.Open ? inv.NextPaymentAttempt() : null;
        obj["number"] = inv.Number;
        obj["on_behalf_of"] = null;
        obj["parent"] = Parent(inv);
        obj["payment_settings"] = a["payment_settings"]?.DeepClone() ?? InvoiceParams.EmptyPaymentSettings();
        obj["period_end"] = inv.Created;
        obj["period_start"] = inv.Created;
        obj["post_payment_credit_notes_amount"] = inv.PostPaymentCreditNotesAmount;
        obj["pre_payment_credit_notes_amount"] = inv.PrePaymentCreditNotesAmount;
        obj["receipt_number"] = null;
        obj["rendering"] = a["rendering"]?.DeepClone();
        obj["shipping_cost"] = null;
        obj["shipping_details"] = a["shipping_details"]?.DeepClone();
        obj["starting_balance"] = totals.StartingBalance;
        obj["statement_descriptor"] = a["statement_descriptor"]?.DeepClone();
        obj["status"] = inv.Status.Wire();
        obj["status_transitions"] = new JsonObject
        {
            ["finalized_at"] = inv.FinalizedAt,
            ["marked_uncollectible_at"] = inv.MarkedUncollectibleAt,
            ["paid_at"] = inv.PaidAt,
            ["voided_at"] = inv.VoidedAt,
        };
        obj["subtotal"] = totals.Subtotal;
        obj["subtotal_excluding_tax"] = totals.Subtotal;
        obj["test_clock"] = inv.TestClockId;
        obj["total"] = totals.Total;
        obj["total_discount_amounts"] = new JsonArray();
        obj["total_excluding_tax"] = totals.Total;
        obj["total_pretax_credit_amounts"] = PretaxCreditAmounts(inv.PretaxCredits().Select(c => (c.CreditBalanceTransactionId, c.Amount)));
        obj["total_taxes"] = new JsonArray();
        obj["webhooks_delivered_at"] = inv.Created;
        return obj;
    }

    /// <summary>A subscription's invoice: <c>subscription_details</c> with the subscription's metadata when it was made.</summary>
    private static JsonObject? Parent(Invoice inv) => inv.SubscriptionId is not { } subscription ? null : new JsonObject
    {
        ["quote_details"] = null,
        ["subscription_details"] = new JsonObject
        {
            ["metadata"] = inv.Attributes[Application.Subscriptions.CreateSubscription.SubscriptionMetadataKey]?.DeepClone() ?? new JsonObject(),
            ["subscription"] = subscription,
        },
        ["type"] = "subscription_details",
    };

    public static JsonObject Deleted(string id) => new() { ["id"] = id, ["object"] = "invoice", ["deleted"] = true };

    public static string LinesUrl(string invoiceId) => $"/v1/invoices/{invoiceId}/lines";
    /// <summary>What a draft shows as starting balance: the customer's balance, when it is in the invoice's currency.</summary>
    public static long DraftStartingBalance(Invoice inv, Customer? customer) =>
        customer is not null && customer.BalanceAppliesTo(inv.Currency) ? customer.Balance : 0;

    /// <summary>The customer_* fields: live while a draft, frozen into the invoice at finalize.</summary>
    public static JsonObject CustomerSnapshot(Customer? c)
    {
        var a = c?.Attributes;
        return new JsonObject
        {
            ["customer_address"] = a?["address"]?.DeepClone(),
            ["customer_email"] = c?.Email,
            ["customer_name"] = c?.Name,
            ["customer_phone"] = c?.Phone,
            ["customer_shipping"] = a?["shipping"]?.DeepClone(),
            ["customer_tax_exempt"] = c is null ? null : a?["tax_exempt"]?.DeepClone() ?? "none",
            ["customer_tax_ids"] = TaxIds(c),
        };
    }

    private static JsonArray TaxIds(Customer? c)
    {
        var ids = new JsonArray();
        if (c is null) return ids;
        foreach (var taxId in CustomerIncludables.StoredTaxIds(c))
            ids.Add(new JsonObject { ["type"] = taxId["type"]?.DeepClone(), ["value"] = taxId["value"]?.DeepClone() });
        return ids;
    }

    private static JsonObject Lines(string invoiceId, IReadOnlyList<InvoiceItem> lines) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(lines.Take(EmbeddedLines).Select(l => (JsonNode?)InvoiceItemRenderer.RenderLine(l)).ToArray()),
        ["has_more"] = lines.Count > EmbeddedLines,
        ["url"] = LinesUrl(invoiceId),
    };

    /// <summary>
    /// <c>pretax_credit_amounts</c> / <c>total_pretax_credit_amounts</c>: one entry per billing credit ledger entry
    /// applied (docs/endpoints-billing-credits.md); discounts are not emulated, so no <c>discount</c> entries.
    /// </summary>
    public static JsonArray PretaxCreditAmounts(IEnumerable<(string CreditBalanceTransactionId, long Amount)> credits) =>
        new(credits.Select(c => (JsonNode)new JsonObject
        {
            ["amount"] = c.Amount,
            ["credit_balance_transaction"] = c.CreditBalanceTransactionId,
            ["discount"] = null,
            ["type"] = "credit_balance_transaction",
        }).ToArray());
}
