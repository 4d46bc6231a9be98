using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Application;
using PaymentRecords.Application.CreditNotes;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Api.CreditNotes;

/// <summary>
/// The create parameters (POST /v1/credit_notes, or the query string of the two preview endpoints) decoded into an
/// <see cref="IssueCreditNoteCommand"/>: what each field may be on its own. What needs the invoice's state is decided by
/// <see cref="CreditNoteDrafts"/> (create and preview run it alike); its refusals become Stripe's errors in <see cref="Error"/>.
/// </summary>
public static class CreditNoteParams
{
    public static async Task<IssueCreditNoteCommand> CommandAsync(RequestScope s, StripeParams p)
    {
        var lines = await ParseLinesAsync(s, p);
        var refunds = await ParseRefundsAsync(s, p);
        var allocation = AllocationParams(p);
        await NotHeldObjects.ResolveAsync(s, p.Values, NotHeldObjects.ShippingRate, "shipping_cost", "shipping_rate");
        if (p.Long("amount") is < 0) throw new StripeException(ErrorCatalog.ValueNegative("amount"));
        var metadata = BillingParams.Metadata(p);
        return new IssueCreditNoteCommand(p.String("invoice")!, p.Long("amount"), lines, refunds, allocation.RefundAmount,
            allocation.CreditAmount, allocation.OutOfBandAmount, p.String("memo"), p.String("reason"), p.Long("effective_at"), metadata);
    }

    /// <summary>Stripe's answer to what <see cref="CreditNoteDrafts"/> refused.</summary>
    public static StripeError? Error(Exception e) => e is not CreditNoteRefused r ? null : r.Reason switch
    {
        CreditNoteIssueRefusal.InvoiceStatus => CreditNoteErrors.CreditNoteInvoiceStatus(r.Invoice!.Id, r.Invoice.Status.Wire()),
        CreditNoteIssueRefusal.BalanceCurrency => CreditNoteErrors.CreditNoteBalanceCurrency(r.Subject!, r.Invoice!.Id, r.Invoice.Currency),
        CreditNoteIssueRefusal.LineQuantityExceeds => CreditNoteErrors.CreditNoteLineQuantityExceeds(r.Amount, r.Subject!, r.Limit, r.Param!),
        CreditNoteIssueRefusal.LineExceeds => CreditNoteErrors.CreditNoteLineExceeds(r.Amount, r.Subject!, r.Limit, r.Param!),
        CreditNoteIssueRefusal.LineModeMixed => CreditNoteErrors.CreditNoteLineModeMixed(r.Subject!, r.Param!),
        CreditNoteIssueRefusal.LineNotPositive => ErrorCatalog.AmountTooSmall(r.Param!),
        CreditNoteIssueRefusal.NegativeLineNotNegative => CreditNoteErrors.CreditNoteNegativeLineNotNegative(r.Subject!, r.Limit, r.Param!),
        CreditNoteIssueRefusal.NegativeLineExceeds => CreditNoteErrors.CreditNoteNegativeLineExceeds(r.Amount, r.Subject!, r.Limit, r.Param!),
        CreditNoteIssueRefusal.AmountOutOfRange => ErrorCatalog.AmountOutOfRange(r.Param!),
        CreditNoteIssueRefusal.RecordNotAttached => CreditNoteErrors.CreditNoteRecordNotAttached(r.RecordId!, r.Invoice!.Id, r.Param!),
        CreditNoteIssueRefusal.UnknownRefundGroup => CreditNoteErrors.CreditNoteUnknownRefundGroup(r.Subject!, r.RecordId!, r.Param!),
        CreditNoteIssueRefusal.RefundGroupExhausted => CreditNoteErrors.CreditNoteRefundGroupExhausted(r.Subject!, r.RecordId!, r.Param!),
        CreditNoteIssueRefusal.RefundExceedsGroup => CreditNoteErrors.CreditNoteRefundExceedsGroup(r.Amount, r.Subject!, r.Limit, r.Param!),
        CreditNoteIssueRefusal.CitationNotPositive => ErrorCatalog.AmountTooSmall(r.Param!),
        CreditNoteIssueRefusal.AmountLinesMismatch => CreditNoteErrors.CreditNoteAmountLinesMismatch(r.Amount, r.Limit),
        CreditNoteIssueRefusal.AmountMissing => CreditNoteErrors.CreditNoteAmountMissing(),
        CreditNoteIssueRefusal.LinesOnDiscountedInvoice => ErrorCatalog.NotSupported("lines",
            "the invoice has discounts, and crediting a line's share of them is not built; credit it with amount instead."),
        CreditNoteIssueRefusal.Plan => PlanError(r.Plan!.Value, r.Amount, r.Invoice!.Id, r.Allocation!.Value),
        _ => throw new InvalidOperationException(r.Reason.ToString()),
    };

    private static StripeError PlanError(CreditNotePlan plan, long amount, string invoiceId, PostPaymentAllocation allocation) => plan.Refusal switch
    {
        CreditNoteRefusal.AmountNotPositive => CreditNoteErrors.CreditNoteAmountNotPositive(),
        CreditNoteRefusal.ExceedsInvoiceTotal => CreditNoteErrors.CreditNoteExceedsInvoice(amount, invoiceId, plan.Limit),
        // Too little allocated: the rest may be credited out of band. Too much: the amount is what falls short.
        CreditNoteRefusal.AllocationMismatch => CreditNoteErrors.CreditNoteAllocationMismatch(allocation.Total, plan.Limit,
            allocation.Total < plan.Limit ? "out_of_band_amount" : "amount"),
        _ => throw new InvalidOperationException(plan.Refusal.ToString()),
    };

    // ------------------------------------------------------------------------------------------ parameters

    private readonly record struct Allocation(long RefundAmount, long CreditAmount, long? OutOfBandAmount);

    private static Allocation AllocationParams(StripeParams p)
    {
        var refundAmount = p.Long("refund_amount") ?? 0;
        if (refundAmount < 0) throw new StripeException(ErrorCatalog.ValueNegative("refund_amount"));
        // There is no Stripe charge behind an invoice here (payments are made outside Stripe): nothing to refund.
        if (refundAmount > 0) throw new StripeException(CreditNoteErrors.CreditNoteRefundAmountUnsupported());
        var creditAmount = p.Long("credit_amount") ?? 0;
        if (creditAmount < 0) throw new StripeException(ErrorCatalog.ValueNegative("credit_amount"));
        var outOfBand = p.Long("out_of_band_amount");
        if (outOfBand < 0) throw new StripeException(ErrorCatalog.ValueNegative("out_of_band_amount"));
        return new Allocation(refundAmount, creditAmount, outOfBand);
    }

    private static async Task<List<CreditNoteLineRequest>> ParseLinesAsync(RequestScope s, StripeParams p)
    {
        var result = new List<CreditNoteLineRequest>();
        if (p.Array("lines") is not { } lines) return result;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = new StripeParams(lines[i]!.AsObject());
            var prefix = $"lines[{i}]";
            if (line.Array("tax_rates") is { } taxRates)
            {
                for (var t = 0; t < taxRates.Count; t++)
                {
                    if (taxRates[t]?.GetValue<string>() is { Length: > 0 } rate)
                        await NotHeldObjects.ResolveIdAsync(s, NotHeldObjects.TaxRate, rate, $"{prefix}[tax_rates][{t}]");
                }
            }
            if (line.Array("tax_amounts") is { } taxAmounts)
            {
                for (var t = 0; t < taxAmounts.Count; t++)
                {
                    if (taxAmounts[t]?["tax_rate"]?.GetValue<string>() is { Length: > 0 } rate)
                        await NotHeldObjects.ResolveIdAsync(s, NotHeldObjects.TaxRate, rate, $"{prefix}[tax_amounts][{t}][tax_rate]");
                }
            }
            var type = line.String("type")!;
            var amount = line.Long("amount");
            var quantity = line.Long("quantity");
            if (quantity is < 1) throw new StripeException(ErrorCatalog.AmountTooSmall($"{prefix}[quantity]"));
            if (type == CreditNoteLineItem.InvoiceLineItemType)
            {
                foreach (var name in new[] { "unit_amount", "unit_amount_decimal", "description" })
                {
                    if (line.Has(name)) throw new StripeException(ErrorCatalog.OnlyValidWhen($"{prefix}[{name}]", $"{prefix}[type]", "custom_line_item"));
                }
                var invoiceLine = line.String("invoice_line_item");
                if (string.IsNullOrEmpty(invoiceLine)) throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[invoice_line_item]"));
                if (amount is not null && quantity is not null)
                    throw new StripeException(ErrorCatalog.Exclusive($"{prefix}[amount]", $"{prefix}[quantity]"));
                if (amount is null && quantity is null) throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[quantity]"));
                // A negative amount credits a negative invoice line (checked against the line, CreditNoteDrafts).
                if (amount is 0) throw new StripeException(ErrorCatalog.AmountTooSmall($"{prefix}[amount]"));
                result.Add(new CreditNoteLineRequest(i, type, invoiceLine, amount, quantity, null, null, null));
            }
            else
            {
                foreach (var name in new[] { "invoice_line_item", "amount" })
                {
                    if (line.Has(name)) throw new StripeException(ErrorCatalog.OnlyValidWhen($"{prefix}[{name}]", $"{prefix}[type]", "invoice_line_item"));
                }
                if (line.Has("unit_amount") && line.Has("unit_amount_decimal"))
                    throw new StripeException(ErrorCatalog.Exclusive($"{prefix}[unit_amount]", $"{prefix}[unit_amount_decimal]"));
                decimal unit;
                long? unitAmount = line.Long("unit_amount");
                if (unitAmount is { } whole)
                {
                    if (whole < 0) throw new StripeException(ErrorCatalog.ValueNegative($"{prefix}[unit_amount]"));
                    unit = whole;
                }
                else if (line.String("unit_amount_decimal") is { } text)
                {
                    if (!LineAmounts.TryParseUnitAmount(text, out unit))
                        throw new StripeException(ErrorCatalog.InvalidNumber($"{prefix}[unit_amount_decimal]", text));
                    if (unit < 0) throw new StripeException(ErrorCatalog.ValueNegative($"{prefix}[unit_amount_decimal]"));
                }
                else throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[unit_amount]"));
                result.Add(new CreditNoteLineRequest(i, type, null, null, quantity ?? 1, unit, unitAmount, line.String("description")));
            }
        }
        return result;
    }

    private static async Task<List<RefundCitationRequest>> ParseRefundsAsync(RequestScope s, StripeParams p)
    {
        var result = new List<RefundCitationRequest>();
        if (p.Array("refunds") is not { } refunds) return result;
        for (var i = 0; i < refunds.Count; i++)
        {
            var entry = new StripeParams(refunds[i]!.AsObject());
            var prefix = $"refunds[{i}]";
            var type = entry.String("type") ?? "refund";
            var amountRefunded = entry.Long("amount_refunded");
            if (amountRefunded is < 1) throw new StripeException(ErrorCatalog.AmountTooSmall($"{prefix}[amount_refunded]"));
            if (type == "refund")
            {
                if (entry.Has("payment_record_refund"))
                    throw new StripeException(ErrorCatalog.OnlyValidWhen($"{prefix}[payment_record_refund]", $"{prefix}[type]", "payment_record_refund"));
                // Stripe refunds (re_…) are not emulated: any id is one this account cannot hold (no loader).
                var refund = entry.String("refund");
                if (string.IsNullOrEmpty(refund)) throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[refund]"));
                await NotHeldObjects.ResolveIdAsync(s, NotHeldObjects.Refund, refund, $"{prefix}[refund]");
                throw new StripeException(ErrorCatalog.NotSupported($"{prefix}[refund]", "Stripe refunds are not emulated: cite a payment record refund."));
            }
            if (entry.Has("refund")) throw new StripeException(ErrorCatalog.OnlyValidWhen($"{prefix}[refund]", $"{prefix}[type]", "refund"));
            var prr = entry.Object("payment_record_refund") ?? throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[payment_record_refund]"));
            var record = prr["payment_record"]!.GetValue<string>();
            var group = prr["refund_group"]!.GetValue<string>();
            if (record.Length == 0) throw new StripeException(ErrorCatalog.EmptyString($"{prefix}[payment_record_refund][payment_record]"));
            if (group.Length == 0) throw new StripeException(ErrorCatalog.EmptyString($"{prefix}[payment_record_refund][refund_group]"));
            result.Add(new RefundCitationRequest(i, record, group, amountRefunded));
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------ preview ids

    /// <summary>
    /// Preview objects are not stored, yet GET /v1/credit_notes/preview/lines pages by line id: ids are derived from
    /// the account and the parameters (pagination and expand aside), so the same preview gives the same ids.
    /// </summary>
    public static string PreviewId(RequestScope s, string prefix, int index)
    {
        var values = new JsonObject();
        foreach (var (key, value) in s.Params.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (key is "expand" or "limit" or "starting_after" or "ending_before") continue;
            values[key] = value?.DeepClone();
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{s.AccountId}|{prefix}|{index}|{values.ToJsonString()}"));
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var chars = new char[Ids.RandomLength];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[hash[i] % alphabet.Length];
        return prefix + new string(chars);
    }
}
