using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Money;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Api.CreditNotes;

/// <summary>What a create would issue (and what a preview shows): the note, its lines and its refund citations.</summary>
public sealed class CreditNoteDraft
{
    public required CreditNote Note { get; init; }
    public required List<CreditNoteLineItem> Lines { get; init; }
    public required List<CreditNoteRefund> Refunds { get; init; }
    /// <summary>Tracked and row-locked for a create; untracked for a preview.</summary>
    public required Invoice Invoice { get; init; }
    /// <summary>Loaded (and locked, for a create) only when the note credits the customer's balance.</summary>
    public Customer? Customer { get; init; }
    public required CreditNoteSplit Split { get; init; }
}

/// <summary>
/// Turns the create parameters (POST /v1/credit_notes, or the query string of the two preview endpoints) into a
/// <see cref="CreditNoteDraft"/>. Create and preview run this same code, so a preview equals what create then
/// returns but for ids and <c>created</c>; only a create takes row locks (see <see cref="CreditNoteStore"/>), and
/// nothing here writes.
/// </summary>
public static class CreditNoteBuilder
{
    private sealed record LineRequest(int Index, string Type, string? InvoiceLineItem, long? Amount, long? Quantity, decimal? Unit,
        long? UnitAmount, string? Description)
    {
        public string Param(string name) => $"lines[{Index}][{name}]";
    }

    private sealed record CitationRequest(int Index, string PaymentRecord, string RefundGroup, long? AmountRefunded)
    {
        public string Param(string name) => name == "amount_refunded"
            ? $"refunds[{Index}][amount_refunded]"
            : $"refunds[{Index}][payment_record_refund][{name}]";
    }

    public static async Task<CreditNoteDraft> BuildAsync(RequestScope s, bool forCreate)
    {
        var p = s.Params;
        var lineRequests = ParseLines(p);
        var citationRequests = ParseRefunds(p);
        var allocationParams = AllocationParams(p);
        NotHeldObjects.Refuse(p.Values, NotHeldObjects.ShippingRate, "shipping_cost", "shipping_rate");
        if (p.Long("amount") is < 0) throw new StripeException(ErrorCatalog.ValueNegative("amount"));

        var invoiceId = p.String("invoice")!;
        // The customer is read (and, for a create, locked before the invoice) only when its balance moves.
        var customerId = allocationParams.CreditAmount > 0 ? await InvoiceStore.CustomerIdAsync(s, invoiceId, "invoice") : null;
        var recordIds = citationRequests.Select(c => c.PaymentRecord).ToList();
        Dictionary<string, PaymentRecord> records;
        Customer? customer = null;
        Invoice invoice;
        if (forCreate)
        {
            records = await CreditNoteStore.LockPaymentRecordsAsync(s, recordIds);
            if (customerId is not null) customer = await InvoiceStore.LockCustomerAsync(s, customerId);
            invoice = await InvoiceStore.LockAsync(s, invoiceId, "invoice");
        }
        else
        {
            records = recordIds.Count == 0
                ? []
                : await s.Db.PaymentRecords.AsNoTracking().Where(r => r.AccountId == s.AccountId && recordIds.Contains(r.Id))
                    .ToDictionaryAsync(r => r.Id, StringComparer.Ordinal);
            if (customerId is not null) customer = await InvoiceStore.CustomerAsync(s, customerId);
            invoice = await InvoiceStore.FindAsync(s, invoiceId, "invoice");
        }
        if (!CreditNoteAmounts.AcceptsCreditNotes(invoice.Status))
            throw new StripeException(ErrorCatalog.CreditNoteInvoiceStatus(invoice.Id, invoice.Status.Wire()));
        if (customer is not null && customer.Currency is { } balanceCurrency && balanceCurrency != invoice.Currency)
            throw new StripeException(ErrorCatalog.CreditNoteBalanceCurrency(balanceCurrency, invoice.Id, invoice.Currency));

        var noteId = forCreate ? Ids.New(Ids.CreditNote) : PreviewId(s, Ids.CreditNote, -1);
        var lines = await BuildLinesAsync(s, invoice, noteId, lineRequests, forCreate);
        var refunds = await CiteAsync(s, invoice, noteId, records, citationRequests);
        var refundsTotal = LineAmounts.Sum(refunds.Select(r => r.AmountRefunded));

        long amount;
        if (p.Long("amount") is { } given)
        {
            amount = given;
            if (lines.Count > 0 && LineAmounts.Sum(lines.Select(l => l.Amount)) is var linesTotal && linesTotal != amount)
                throw new StripeException(ErrorCatalog.CreditNoteAmountLinesMismatch(amount, linesTotal));
        }
        else if (lines.Count > 0) amount = LineAmounts.Sum(lines.Select(l => l.Amount));
        // docs/endpoints-credit-notes.md, "Rules in short" (amount_refunded); this project's decision: when neither amount, lines nor shipping_cost is
        // given but refunds[] are, the credit note's amount is the sum of its refunds (Stripe's 2025-10-29 changelog
        // example sends exactly invoice + refunds[0][type|payment_record_refund]); each refund's amount_refunded,
        // when omitted, defaults to what its refund group has not yet had cited by other live credit notes
        // (CreditNoteAmounts.Cite). The post-payment sum is then checked as usual.
        else if (refunds.Count > 0) amount = refundsTotal;
        else throw new StripeException(ErrorCatalog.CreditNoteAmountMissing());

        var allocation = new PostPaymentAllocation(refundsTotal, allocationParams.RefundAmount, allocationParams.CreditAmount,
            allocationParams.OutOfBandAmount ?? 0);
        var plan = CreditNoteAmounts.Plan(amount, InvoiceCreditState.Of(invoice), allocation);
        ThrowIfRefused(plan, amount, invoice.Id, allocation);

        if (lines.Count == 0)
        {
            // A note given only an amount (or only refunds) gets one custom line of that amount, as Stripe does.
            lines.Add(new CreditNoteLineItem
            {
                AccountId = s.AccountId,
                Id = forCreate ? Ids.New(Ids.CreditNoteLine) : PreviewId(s, Ids.CreditNoteLine, 0),
                CreditNoteId = noteId,
                Position = 0,
                Type = CreditNoteLineItem.CustomLineItemType,
                Amount = amount,
                Quantity = 1,
                UnitAmount = amount,
                UnitAmountDecimal = amount,
            });
        }

        var sequence = await CreditNoteStore.Scope(s).CountAsync(n => n.InvoiceId == invoice.Id) + 1;
        var note = new CreditNote
        {
            AccountId = s.AccountId,
            Id = noteId,
            Created = s.Now,
            InvoiceId = invoice.Id,
            CustomerId = invoice.CustomerId,
            Currency = invoice.Currency,
            Number = CreditNoteAmounts.Number(invoice.Number!, sequence),
            Type = plan.Split.Type,
            Amount = amount,
            PrePaymentAmount = plan.Split.PrePayment,
            PostPaymentAmount = plan.Split.PostPayment,
            CreditAmount = allocation.CreditAmount,
            RefundAmount = allocation.RefundAmount,
            OutOfBandAmount = allocationParams.OutOfBandAmount,
            RefundsAmount = refundsTotal,
            Memo = p.String("memo"),
            Reason = p.String("reason"),
            EffectiveAt = p.Long("effective_at") ?? s.Now,
            LineCount = lines.Count,
            Metadata = p.MetadataUpdate() is { } update ? MetadataRules.MergeChecked(new Dictionary<string, string>(), update) : [],
        };
        return new CreditNoteDraft { Note = note, Lines = lines, Refunds = refunds, Invoice = invoice, Customer = customer, Split = plan.Split };
    }

    // ------------------------------------------------------------------------------------------ parameters

    private readonly record struct Allocation(long RefundAmount, long CreditAmount, long? OutOfBandAmount);

    private static Allocation AllocationParams(StripeParams p)
    {
        var refundAmount = p.Long("refund_amount") ?? 0;
        if (refundAmount < 0) throw new StripeException(ErrorCatalog.ValueNegative("refund_amount"));
        // There is no Stripe charge behind an invoice here (payments are made outside Stripe): nothing to refund.
        if (refundAmount > 0) throw new StripeException(ErrorCatalog.CreditNoteRefundAmountUnsupported());
        var creditAmount = p.Long("credit_amount") ?? 0;
        if (creditAmount < 0) throw new StripeException(ErrorCatalog.ValueNegative("credit_amount"));
        var outOfBand = p.Long("out_of_band_amount");
        if (outOfBand < 0) throw new StripeException(ErrorCatalog.ValueNegative("out_of_band_amount"));
        return new Allocation(refundAmount, creditAmount, outOfBand);
    }

    private static List<LineRequest> ParseLines(StripeParams p)
    {
        var result = new List<LineRequest>();
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
                        throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.TaxRate, rate, $"{prefix}[tax_rates][{t}]"));
                }
            }
            if (line.Array("tax_amounts") is { } taxAmounts)
            {
                for (var t = 0; t < taxAmounts.Count; t++)
                {
                    if (taxAmounts[t]?["tax_rate"]?.GetValue<string>() is { Length: > 0 } rate)
                        throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.TaxRate, rate, $"{prefix}[tax_amounts][{t}][tax_rate]"));
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
                if (amount is < 1) throw new StripeException(ErrorCatalog.AmountTooSmall($"{prefix}[amount]"));
                result.Add(new LineRequest(i, type, invoiceLine, amount, quantity, null, null, null));
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
                result.Add(new LineRequest(i, type, null, null, quantity ?? 1, unit, unitAmount, line.String("description")));
            }
        }
        return result;
    }

    private static List<CitationRequest> ParseRefunds(StripeParams p)
    {
        var result = new List<CitationRequest>();
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
                // Stripe refunds (re_…) are not emulated: any id is one this account cannot hold.
                var refund = entry.String("refund");
                if (string.IsNullOrEmpty(refund)) throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[refund]"));
                throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.Refund, refund, $"{prefix}[refund]"));
            }
            if (entry.Has("refund")) throw new StripeException(ErrorCatalog.OnlyValidWhen($"{prefix}[refund]", $"{prefix}[type]", "refund"));
            var prr = entry.Object("payment_record_refund") ?? throw new StripeException(ErrorCatalog.MissingParameter($"{prefix}[payment_record_refund]"));
            var record = prr["payment_record"]!.GetValue<string>();
            var group = prr["refund_group"]!.GetValue<string>();
            if (record.Length == 0) throw new StripeException(ErrorCatalog.EmptyString($"{prefix}[payment_record_refund][payment_record]"));
            if (group.Length == 0) throw new StripeException(ErrorCatalog.EmptyString($"{prefix}[payment_record_refund][refund_group]"));
            result.Add(new CitationRequest(i, record, group, amountRefunded));
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------ lines, refunds

    private static async Task<List<CreditNoteLineItem>> BuildLinesAsync(RequestScope s, Invoice invoice, string noteId,
        List<LineRequest> requests, bool forCreate)
    {
        var lines = new List<CreditNoteLineItem>();
        if (requests.Count == 0) return lines;
        var lineIds = requests.Where(r => r.InvoiceLineItem is not null).Select(r => r.InvoiceLineItem!).Distinct().ToList();
        var items = lineIds.Count == 0
            ? []
            : await InvoiceStore.Items(s).AsNoTracking().Where(i => i.InvoiceId == invoice.Id && lineIds.Contains(i.LineId!))
                .ToDictionaryAsync(i => i.LineId!, StringComparer.Ordinal);
        // What live credit notes already credited on each of those invoice lines (read under the invoice's lock).
        var credited = lineIds.Count == 0
            ? []
            : await (from l in s.Db.CreditNoteLineItems
                     join n in s.Db.CreditNotes on new { l.AccountId, l.CreditNoteId } equals new { n.AccountId, CreditNoteId = n.Id }
                     where l.AccountId == s.AccountId && l.InvoiceLineItem != null && lineIds.Contains(l.InvoiceLineItem)
                           && n.Status == CreditNoteStatus.Issued
                     group l by l.InvoiceLineItem into g
                     select new { Line = g.Key!, Amount = g.Sum(x => x.Amount) }).ToDictionaryAsync(x => x.Line, x => x.Amount, StringComparer.Ordinal);

        foreach (var r in requests)
        {
            long amount;
            long? quantity = r.Quantity;
            long? unitAmount = null;
            decimal? unit = null;
            string? description;
            if (r.InvoiceLineItem is { } lineId)
            {
                if (!items.TryGetValue(lineId, out var item))
                    throw new StripeException(ErrorCatalog.NoSuch("line item", lineId, r.Param("invoice_line_item")));
                description = item.Description;
                if (r.Quantity is { } q)
                {
                    if (q > item.Quantity)
                        throw new StripeException(ErrorCatalog.CreditNoteLineQuantityExceeds(q, lineId, item.Quantity, r.Param("quantity")));
                    amount = Amount(item.UnitAmountDecimal, q, r.Param("quantity"));
                }
                else amount = r.Amount!.Value;
                var already = credited.GetValueOrDefault(lineId);
                var left = Math.Max(0, item.Amount - already);
                if (amount > left)
                    throw new StripeException(ErrorCatalog.CreditNoteLineExceeds(amount, lineId, left, r.Param(r.Quantity is null ? "amount" : "quantity")));
                credited[lineId] = already + amount;
            }
            else
            {
                unit = r.Unit!.Value;
                unitAmount = r.UnitAmount;
                description = r.Description;
                amount = Amount(unit.Value, r.Quantity!.Value, r.Param(r.UnitAmount is null ? "unit_amount_decimal" : "unit_amount"));
            }
            lines.Add(new CreditNoteLineItem
            {
                AccountId = s.AccountId,
                Id = forCreate ? Ids.New(Ids.CreditNoteLine) : PreviewId(s, Ids.CreditNoteLine, lines.Count),
                CreditNoteId = noteId,
                Position = lines.Count,
                Type = r.Type,
                InvoiceLineItem = r.InvoiceLineItem,
                Amount = amount,
                Quantity = quantity,
                UnitAmount = unitAmount,
                UnitAmountDecimal = unit,
                Description = description,
            });
        }
        return lines;
    }

    private static long Amount(decimal unit, long quantity, string param)
    {
        try
        {
            var amount = LineAmounts.Amount(unit, quantity);
            if (amount > Currencies.MaxAmount) throw new StripeException(ErrorCatalog.AmountOutOfRange(param));
            return amount;
        }
        catch (OverflowException)
        {
            throw new StripeException(ErrorCatalog.AmountOutOfRange(param));
        }
    }

    /// <summary>
    /// Each payment_record_refund entry: the record exists (404), is attached to this invoice (an open or paid
    /// invoice payment), reported a refund with that refund_reference, and the group has enough left to cite.
    /// Entries of one request count against each other too.
    /// </summary>
    private static async Task<List<CreditNoteRefund>> CiteAsync(RequestScope s, Invoice invoice, string noteId,
        Dictionary<string, PaymentRecord> records, List<CitationRequest> requests)
    {
        var citations = new List<CreditNoteRefund>();
        var citedHere = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in requests)
        {
            if (!records.TryGetValue(r.PaymentRecord, out var record))
                throw new StripeException(ErrorCatalog.NoSuch("payment_record", r.PaymentRecord, r.Param("payment_record")));
            var attached = await s.Db.InvoicePayments.AnyAsync(ip => ip.AccountId == s.AccountId && ip.InvoiceId == invoice.Id
                && ip.PaymentRecordId == record.Id && ip.Status != InvoicePaymentStatus.Canceled);
            if (!attached) throw new StripeException(ErrorCatalog.CreditNoteRecordNotAttached(record.Id, invoice.Id, r.Param("payment_record")));
            var refund = await s.Db.PaymentRecordRefunds.AsNoTracking().FirstOrDefaultAsync(x => x.AccountId == s.AccountId
                && x.PaymentRecordId == record.Id && x.RefundReference == r.RefundGroup)
                ?? throw new StripeException(ErrorCatalog.CreditNoteUnknownRefundGroup(r.RefundGroup, record.Id, r.Param("refund_group")));
            var cited = await s.Db.CreditNoteRefunds.Where(c => c.AccountId == s.AccountId && c.PaymentRecordRefundId == refund.Id && !c.Voided)
                .SumAsync(c => c.AmountRefunded);
            cited += citedHere.GetValueOrDefault(refund.Id);
            var citation = CreditNoteAmounts.Cite(refund.Amount, cited, r.AmountRefunded);
            switch (citation.Refusal)
            {
                case CitationRefusal.Exhausted:
                    throw new StripeException(ErrorCatalog.CreditNoteRefundGroupExhausted(r.RefundGroup, record.Id, r.Param("refund_group")));
                case CitationRefusal.ExceedsAvailable:
                    throw new StripeException(ErrorCatalog.CreditNoteRefundExceedsGroup(r.AmountRefunded!.Value, r.RefundGroup,
                        citation.Available, r.Param("amount_refunded")));
                case CitationRefusal.NotPositive:
                    throw new StripeException(ErrorCatalog.AmountTooSmall(r.Param("amount_refunded")));
            }
            citedHere[refund.Id] = citedHere.GetValueOrDefault(refund.Id) + citation.Amount;
            citations.Add(new CreditNoteRefund
            {
                AccountId = s.AccountId,
                Id = Ids.New(Ids.CreditNoteRefund),
                CreditNoteId = noteId,
                Position = citations.Count,
                PaymentRecordId = record.Id,
                RefundGroup = r.RefundGroup,
                PaymentRecordRefundId = refund.Id,
                AmountRefunded = citation.Amount,
            });
        }
        return citations;
    }

    private static void ThrowIfRefused(CreditNotePlan plan, long amount, string invoiceId, PostPaymentAllocation allocation)
    {
        switch (plan.Refusal)
        {
            case CreditNoteRefusal.None:
                return;
            case CreditNoteRefusal.AmountNotPositive:
                throw new StripeException(ErrorCatalog.CreditNoteAmountNotPositive());
            case CreditNoteRefusal.ExceedsInvoiceTotal:
                throw new StripeException(ErrorCatalog.CreditNoteExceedsInvoice(amount, invoiceId, plan.Limit));
            case CreditNoteRefusal.PostPaymentExceedsPaid:
                throw new StripeException(ErrorCatalog.CreditNotePostPaymentExceedsPaid(plan.Split.PostPayment, invoiceId, plan.Limit));
            case CreditNoteRefusal.AllocationMismatch:
                // Too little allocated: the rest may be credited out of band. Too much: the amount is what falls short.
                throw new StripeException(ErrorCatalog.CreditNoteAllocationMismatch(allocation.Total, plan.Limit,
                    allocation.Total < plan.Limit ? "out_of_band_amount" : "amount"));
            default:
                throw new InvalidOperationException(plan.Refusal.ToString());
        }
    }

    // ------------------------------------------------------------------------------------------ preview ids

    /// <summary>
    /// Preview objects are not stored, yet GET /v1/credit_notes/preview/lines pages by line id: ids are derived from
    /// the account and the parameters (pagination and expand aside), so the same preview gives the same ids.
    /// </summary>
    private static string PreviewId(RequestScope s, string prefix, int index)
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
