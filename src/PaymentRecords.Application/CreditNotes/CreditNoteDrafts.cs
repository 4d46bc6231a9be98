using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Money;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Application.CreditNotes;

/// <summary>
/// Turns an <see cref="IssueCreditNoteCommand"/> into a <see cref="CreditNoteDraft"/>. Create and preview run this
/// same code, so a preview equals what create then returns but for ids and <c>created</c>; only a create takes row
/// locks (payment records cited → customer → invoice), and nothing here writes.
/// </summary>
public sealed class CreditNoteDrafts(BillingContext billing)
{
    /// <param name="previewIds">Null for a create (new ids, row locks); a preview's derived ids otherwise (no locks).</param>
    public async Task<CreditNoteDraft> DraftAsync(IssueCreditNoteCommand command, DraftIds? previewIds = null)
    {
        var forCreate = previewIds is null;
        string IdFor(string prefix, int index) => previewIds?.Invoke(prefix, index) ?? Ids.New(prefix);
        var notes = billing.CreditNotes;
        // The customer is read (and, for a create, locked before the invoice) only when its balance moves.
        var customerId = command.CreditAmount > 0
            ? await billing.Invoices.CustomerIdAsync(command.InvoiceId) ?? throw new NotFound("invoice", command.InvoiceId, "invoice")
            : null;
        var recordIds = command.Refunds.Select(c => c.PaymentRecord).ToList();
        Dictionary<string, PaymentRecord> records;
        Customer? customer = null;
        Invoice invoice;
        if (forCreate)
        {
            records = await notes.LockPaymentRecordsAsync(recordIds);
            if (customerId is not null) customer = await billing.Invoices.LockExistingCustomerAsync(customerId);
            invoice = await billing.Invoices.LockInvoiceAsync(command.InvoiceId, "invoice");
        }
        else
        {
            records = await notes.PaymentRecordsAsync(recordIds);
            if (customerId is not null) customer = await notes.CustomerAsync(customerId);
            invoice = await notes.InvoiceAsync(command.InvoiceId) ?? throw new NotFound("invoice", command.InvoiceId, "invoice");
        }
        billing.BillFor(invoice.CustomerId);
        if (!CreditNoteAmounts.AcceptsCreditNotes(invoice.Status))
            throw new CreditNoteRefused(CreditNoteIssueRefusal.InvoiceStatus) { Invoice = invoice };
        if (customer is not null && customer.Currency is { } balanceCurrency && balanceCurrency != invoice.Currency)
            throw new CreditNoteRefused(CreditNoteIssueRefusal.BalanceCurrency) { Invoice = invoice, Subject = balanceCurrency };

        // A line credited on a discounted invoice would need its share of the discounts (discount_amounts): not built, so
        // refused rather than crediting the line's full amount; a credit note by amount is bounded by the discounted total.
        if (command.Lines.Count > 0 && invoice.HasDiscounts)
            throw new CreditNoteRefused(CreditNoteIssueRefusal.LinesOnDiscountedInvoice) { Invoice = invoice };
        var noteId = IdFor(Ids.CreditNote, -1);
        var lines = await LinesAsync(invoice, noteId, command.Lines, IdFor);
        var refunds = await CiteAsync(invoice, noteId, records, command.Refunds);
        var refundsTotal = LineAmounts.Sum(refunds.Select(r => r.AmountRefunded));

        long amount;
        if (command.Amount is { } given)
        {
            amount = given;
            if (lines.Count > 0 && LineAmounts.Sum(lines.Select(l => l.Amount)) is var linesTotal && linesTotal != amount)
                throw new CreditNoteRefused(CreditNoteIssueRefusal.AmountLinesMismatch) { Amount = amount, Limit = linesTotal };
        }
        else if (lines.Count > 0) amount = LineAmounts.Sum(lines.Select(l => l.Amount));
        // docs/endpoints-credit-notes.md, "Rules in short" (amount_refunded); this project's decision: when neither amount, lines nor shipping_cost is
        // given but refunds[] are, the credit note's amount is the sum of its refunds (Stripe's 2025-10-29 changelog
        // example sends exactly invoice + refunds[0][type|payment_record_refund]); each refund's amount_refunded,
        // when omitted, defaults to what its refund group has not yet had cited by other live credit notes
        // (CreditNoteAmounts.Cite). The post-payment sum is then checked as usual.
        else if (refunds.Count > 0) amount = refundsTotal;
        else throw new CreditNoteRefused(CreditNoteIssueRefusal.AmountMissing);

        var allocation = new PostPaymentAllocation(refundsTotal, command.RefundAmount, command.CreditAmount, command.OutOfBandAmount ?? 0);
        var plan = CreditNoteAmounts.Plan(amount, InvoiceCreditState.Of(invoice), allocation);
        if (plan.Refusal != CreditNoteRefusal.None)
            throw new CreditNoteRefused(CreditNoteIssueRefusal.Plan) { Invoice = invoice, Amount = amount, Plan = plan, Allocation = allocation };

        if (lines.Count == 0)
        {
            // A note given only an amount (or only refunds) gets one custom line of that amount, as Stripe does.
            lines.Add(new CreditNoteLineItem
            {
                AccountId = billing.AccountId,
                Id = IdFor(Ids.CreditNoteLine, 0),
                CreditNoteId = noteId,
                Position = 0,
                Type = CreditNoteLineItem.CustomLineItemType,
                Amount = amount,
                Quantity = 1,
                UnitAmount = amount,
                UnitAmountDecimal = amount,
            });
        }

        var sequence = await notes.CountForInvoiceAsync(invoice.Id) + 1;
        var note = new CreditNote
        {
            AccountId = billing.AccountId,
            Id = noteId,
            Created = billing.Now,
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
            OutOfBandAmount = command.OutOfBandAmount,
            RefundsAmount = refundsTotal,
            Memo = command.Memo,
            Reason = command.Reason,
            EffectiveAt = command.EffectiveAt ?? billing.Now,
            LineCount = lines.Count,
            Metadata = MetadataChange.New(command.Metadata),
        };
        return new CreditNoteDraft { Note = note, Lines = lines, Refunds = refunds, Invoice = invoice, Customer = customer, Split = plan.Split };
    }

    private async Task<List<CreditNoteLineItem>> LinesAsync(Invoice invoice, string noteId, IReadOnlyList<CreditNoteLineRequest> requests,
        Func<string, int, string> idFor)
    {
        var lines = new List<CreditNoteLineItem>();
        if (requests.Count == 0) return lines;
        var lineIds = requests.Where(r => r.InvoiceLineItem is not null).Select(r => r.InvoiceLineItem!).Distinct().ToList();
        var items = lineIds.Count == 0 ? [] : await billing.CreditNotes.InvoiceLinesAsync(invoice.Id, lineIds);
        // What live credit notes already credited on each of those invoice lines (read under the invoice's lock).
        var credited = lineIds.Count == 0 ? new Dictionary<string, LineCredited>(StringComparer.Ordinal) : await billing.CreditNotes.CreditedPerLineAsync(lineIds);

        foreach (var r in requests)
        {
            long amount;
            long? unitAmount = null;
            decimal? unit = null;
            string? description;
            if (r.InvoiceLineItem is { } lineId)
            {
                if (!items.TryGetValue(lineId, out var item)) throw new NotFound("line item", lineId, r.Param("invoice_line_item"));
                description = item.Description;
                var before = credited.GetValueOrDefault(lineId);
                var param = r.Param(r.Quantity is null ? "amount" : "quantity");
                var (way, wayLimit) = CreditNoteAmounts.LineWay(item.Quantity, before, r.Quantity);
                if (way != LineCreditRefusal.None) throw LineRefused(way, param, lineId, r.Quantity ?? 0, wayLimit);
                amount = r.Quantity is { } q ? QuantityAmount(item, before.Quantity, q, param) : r.Amount!.Value;
                var (refusal, limit) = CreditNoteAmounts.LineAmount(item.Amount, before, amount);
                if (refusal != LineCreditRefusal.None) throw LineRefused(refusal, param, lineId, amount, limit);
                credited[lineId] = before.Add(amount, r.Quantity);
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
                AccountId = billing.AccountId,
                Id = idFor(Ids.CreditNoteLine, lines.Count),
                CreditNoteId = noteId,
                Position = lines.Count,
                Type = r.Type,
                InvoiceLineItem = r.InvoiceLineItem,
                Amount = amount,
                Quantity = r.Quantity,
                UnitAmount = unitAmount,
                UnitAmountDecimal = unit,
                Description = description,
            });
        }
        return lines;
    }

    /// <summary>
    /// What <paramref name="quantity"/> more of an invoice line credits, after <paramref name="creditedQuantity"/>
    /// credited before: unit × quantity; for a line priced in packages (<see cref="Domain.Catalog.QuantityTransform"/>)
    /// or tiers, whose amount is not unit × quantity, the line amount's share of the quantities credited so far and now, less
    /// the share before, so the credits of all its quantity add up to its amount exactly (our decision, Stripe's docs
    /// are silent).
    /// </summary>
    private static long QuantityAmount(InvoiceItem line, long creditedQuantity, long quantity, string param)
    {
        if (!line.HasQuantityRule || line.Quantity == 0) return Amount(line.UnitAmountDecimal, quantity, param);
        long Share(long q) => (long)Math.Round((decimal)line.Amount * Math.Min(q, line.Quantity) / line.Quantity, MidpointRounding.AwayFromZero);
        return Share(creditedQuantity + quantity) - Share(creditedQuantity);
    }

    private static long Amount(decimal unit, long quantity, string param)
    {
        try
        {
            var amount = LineAmounts.Amount(unit, quantity);
            if (amount > Currencies.MaxAmount) throw new CreditNoteRefused(CreditNoteIssueRefusal.AmountOutOfRange, param);
            return amount;
        }
        catch (OverflowException)
        {
            throw new CreditNoteRefused(CreditNoteIssueRefusal.AmountOutOfRange, param);
        }
    }

    /// <summary>
    /// Each payment_record_refund entry: the record exists (404), is attached to this invoice (an open or paid
    /// invoice payment), reported a refund with that refund_reference, and the group has enough left to cite.
    /// Entries of one request count against each other too.
    /// </summary>
    private async Task<List<CreditNoteRefund>> CiteAsync(Invoice invoice, string noteId, Dictionary<string, PaymentRecord> records,
        IReadOnlyList<RefundCitationRequest> requests)
    {
        var notes = billing.CreditNotes;
        var citations = new List<CreditNoteRefund>();
        var citedHere = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in requests)
        {
            if (!records.TryGetValue(r.PaymentRecord, out var record)) throw new NotFound("payment_record", r.PaymentRecord, r.Param("payment_record"));
            if (!await notes.RecordPaysInvoiceAsync(record.Id, invoice.Id))
                throw new CreditNoteRefused(CreditNoteIssueRefusal.RecordNotAttached, r.Param("payment_record")) { Invoice = invoice, RecordId = record.Id };
            var refund = await notes.RefundGroupAsync(record.Id, r.RefundGroup)
                ?? throw new CreditNoteRefused(CreditNoteIssueRefusal.UnknownRefundGroup, r.Param("refund_group")) { Subject = r.RefundGroup, RecordId = record.Id };
            var cited = await notes.CitedAsync(refund.Id) + citedHere.GetValueOrDefault(refund.Id);
            var citation = CreditNoteAmounts.Cite(refund.Amount, cited, r.AmountRefunded);
            switch (citation.Refusal)
            {
                case CitationRefusal.Exhausted:
                    throw new CreditNoteRefused(CreditNoteIssueRefusal.RefundGroupExhausted, r.Param("refund_group")) { Subject = r.RefundGroup, RecordId = record.Id };
                case CitationRefusal.ExceedsAvailable:
                    throw new CreditNoteRefused(CreditNoteIssueRefusal.RefundExceedsGroup, r.Param("amount_refunded"))
                        { Subject = r.RefundGroup, Amount = r.AmountRefunded!.Value, Limit = citation.Available };
                case CitationRefusal.NotPositive:
                    throw new CreditNoteRefused(CreditNoteIssueRefusal.CitationNotPositive, r.Param("amount_refunded"));
            }
            citedHere[refund.Id] = citedHere.GetValueOrDefault(refund.Id) + citation.Amount;
            citations.Add(new CreditNoteRefund
            {
                AccountId = billing.AccountId,
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

    private static CreditNoteRefused LineRefused(LineCreditRefusal refusal, string param, string lineId, long amount, long limit) => new(refusal switch
    {
        LineCreditRefusal.ModeMixed => CreditNoteIssueRefusal.LineModeMixed,
        LineCreditRefusal.QuantityExceeds => CreditNoteIssueRefusal.LineQuantityExceeds,
        LineCreditRefusal.NotPositive => CreditNoteIssueRefusal.LineNotPositive,
        LineCreditRefusal.Exceeds => CreditNoteIssueRefusal.LineExceeds,
        LineCreditRefusal.NegativeNotNegative => CreditNoteIssueRefusal.NegativeLineNotNegative,
        LineCreditRefusal.NegativeExceeds => CreditNoteIssueRefusal.NegativeLineExceeds,
        _ => throw new ArgumentOutOfRangeException(nameof(refusal)),
    }, param) { Subject = lineId, Amount = amount, Limit = limit };
}
