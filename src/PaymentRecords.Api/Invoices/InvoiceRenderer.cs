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
    /// <summary>The invoice object's properties, to size its dictionary at once (<see cref="Shapes.Room"/>).</summary>
    private const int Capacity = 80;

    /// <param name="inv">The invoice.</param>
    /// <param name="lines">The invoice's first lines in order (up to <see cref="EmbeddedLines"/> + 1, to tell has_more).</param>
    /// <param name="customer">The invoice's customer (needed while a draft; may be null once finalized).</param>
    public static JsonObject Render(Invoice inv, IReadOnlyList<InvoiceItem> lines, Customer? customer) =>
        TreeSink.Of(s => Write(s, inv, lines, customer));

    /// <summary>The invoice object into <paramref name="s"/> (a tree, or a response's writer: <see cref="IJsonSink"/>).</summary>
    public static void Write(IJsonSink s, Invoice inv, IReadOnlyList<InvoiceItem> lines, Customer? customer)
    {
        var a = inv.Attributes;
        var draft = inv.Status == InvoiceStatus.Draft;
        var totals = inv.Totals(DraftStartingBalance(inv, customer));
        var shares = inv.DiscountShares();
        var snapshot = draft || a[SnapshotKey] is not JsonObject frozen ? CustomerSnapshot(customer) : frozen;
        s.StartObject(capacity: Capacity);
        s.String("id", inv.Id);
        s.String("object", "invoice");
        s.Null("account_country");
        s.Null("account_name");
        s.Null("account_tax_ids");
        s.Number("amount_due", totals.AmountDue);
        s.Number("amount_overpaid", totals.AmountOverpaid);
        s.Number("amount_paid", totals.AmountPaid);
        s.Number("amount_remaining", totals.AmountRemaining);
        s.Number("amount_shipping", 0);
        s.Null("application");
        s.Number("attempt_count", inv.AttemptCount());
        // Recorded against Stripe: a paid invoice counts as attempted (a $0 finalize too), except one paid out of
        // band without any attempt ("not even the flag flips").
        s.Bool("attempted", inv.AttemptCount() > 0 || (inv.Status == InvoiceStatus.Paid && inv.AmountPaidOutOfBand == 0));
        s.Bool("auto_advance", inv.AutoAdvance);
        s.StartObject("automatic_tax");
        s.Null("disabled_reason");
        s.Bool("enabled", false);
        s.Null("liability");
        s.Null("provider");
        s.Null("status");
        s.EndObject();
        // "The time when this invoice is currently scheduled to be automatically finalized. The field will be null if
        // the invoice is not scheduled to finalize in the future": a draft with auto_advance on, at the scheduler's time.
        s.Number("automatically_finalizes_at", draft && inv.AutoAdvance ? Application.Scheduling.AutoFinalizeDraft.DueAt(inv) : null);
        s.String("billing_reason", inv.BillingReason);
        s.String("collection_method", inv.CollectionMethod);
        s.Number("created", inv.Created);
        s.String("currency", inv.Currency);
        s.Copy("custom_fields", a["custom_fields"]);
        s.String("customer", inv.CustomerId);
        foreach (var (key, value) in snapshot) s.Copy(key, value);
        s.Copy("default_payment_method", a["default_payment_method"]);
        s.Null("default_source");
        s.EmptyArray("default_tax_rates");
        s.String("description", inv.Description);
        s.Owned("discounts", new JsonArray([.. shares.Select(share => (JsonNode)JsonValue.Create(share.DiscountId))]));
        s.Number("due_date", inv.DueDate);
        s.Number("effective_at", inv.EffectiveAt);
        s.Number("ending_balance", inv.EndingBalance);
        s.Copy("footer", a["footer"]);
        s.Null("from_invoice");
        // Published at finalize (HostedInvoices/HostedInvoiceLinks.cs): null on a draft, as on Stripe.
        s.Copy("hosted_invoice_url", a[Invoice.HostedInvoiceUrlKey]);
        s.Copy("invoice_pdf", a[Invoice.InvoicePdfKey]);
        s.StartObject("issuer");
        s.String("type", "self");
        s.EndObject();
        s.Null("last_finalization_error");
        s.Null("latest_revision");
        WriteLines(s, inv.Id, lines, shares);
        s.Bool("livemode", false);
        s.Metadata("metadata", inv.Metadata);
        s.Number("next_payment_attempt", NextPaymentAttempt(inv));
        s.String("number", inv.Number);
        s.Null("on_behalf_of");
        s.Owned("parent", Parent(inv));
        if (a["payment_settings"] is { } paymentSettings) s.Copy("payment_settings", paymentSettings);
        else s.Owned("payment_settings", InvoiceParams.EmptyPaymentSettings());
        s.Number("period_end", inv.UsagePeriodEnd());
        s.Number("period_start", inv.UsagePeriodStart());
        s.Number("post_payment_credit_notes_amount", inv.PostPaymentCreditNotesAmount);
        s.Number("pre_payment_credit_notes_amount", inv.PrePaymentCreditNotesAmount);
        s.Null("receipt_number");
        s.Copy("rendering", a["rendering"]);
        s.Null("shipping_cost");
        s.Copy("shipping_details", a["shipping_details"]);
        s.Number("starting_balance", totals.StartingBalance);
        s.Copy("statement_descriptor", a["statement_descriptor"]);
        s.String("status", inv.Status.Wire());
        s.StartObject("status_transitions");
        s.Number("finalized_at", inv.FinalizedAt);
        s.Number("marked_uncollectible_at", inv.MarkedUncollectibleAt);
        s.Number("paid_at", inv.PaidAt);
        s.Number("voided_at", inv.VoidedAt);
        s.EndObject();
        s.Number("subtotal", totals.Subtotal);
        s.Number("subtotal_excluding_tax", totals.Subtotal);
        s.String("test_clock", inv.TestClockId);
        s.Number("total", totals.Total);
        s.Owned("total_discount_amounts", InvoiceItemRenderer.DiscountAmounts(shares, share => share.Amount));
        s.Number("total_excluding_tax", totals.Total);
        s.Owned("total_pretax_credit_amounts", PretaxCreditAmounts(inv.PretaxCredits().Select(c => (c.CreditBalanceTransactionId, c.Amount))));
        s.EmptyArray("total_taxes");
        s.Number("webhooks_delivered_at", inv.Created);
        s.EndObject();
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

    private static void WriteLines(IJsonSink s, string invoiceId, IReadOnlyList<InvoiceItem> lines, IReadOnlyList<DiscountShare> shares)
    {
        s.StartObject("lines");
        s.String("object", "list");
        s.StartArray("data");
        foreach (var line in lines.Take(EmbeddedLines)) InvoiceItemRenderer.WriteLine(s, line, shares);
        s.EndArray();
        s.Bool("has_more", lines.Count > EmbeddedLines);
        s.String("url", LinesUrl(invoiceId));
        s.EndObject();
    }

    /// <summary>
    /// <c>pretax_credit_amounts</c> / <c>total_pretax_credit_amounts</c>: one entry per billing credit ledger entry
    /// applied (docs/endpoints-billing-credits.md); discounts are not emulated, so no <c>discount</c> entries. The
    /// entry carries no <c>discount</c> key: the schema makes it optional and not nullable, sent only on discount entries.
    /// </summary>
    public static JsonArray PretaxCreditAmounts(IEnumerable<(string CreditBalanceTransactionId, long Amount)> credits) =>
        new(credits.Select(c => (JsonNode)new JsonObject
        {
            ["amount"] = c.Amount,
            ["credit_balance_transaction"] = c.CreditBalanceTransactionId,
            ["type"] = "credit_balance_transaction",
        }).ToArray());

    /// <summary>
    /// An open invoice's next attempt (its dunning); a charge_automatically draft that will finalize itself is first
    /// attempted when it finalizes (recorded against Stripe: a draft with auto_advance shows the time; send_invoice
    /// drafts and drafts without auto_advance null).
    /// </summary>
    private static long? NextPaymentAttempt(Invoice inv) => inv.Status switch
    {
        InvoiceStatus.Open => inv.NextPaymentAttempt(),
        InvoiceStatus.Draft when inv.AutoAdvance && inv.CollectionMethod == Invoice.ChargeAutomatically =>
            Application.Scheduling.AutoFinalizeDraft.DueAt(inv),
        _ => null,
    };
}
