namespace PaymentRecords.Domain.Invoices;

/// <summary>
/// Every amount an invoice shows, in minor units, from its inputs. The one place invoice arithmetic happens:
/// <list type="bullet">
/// <item><c>subtotal</c> = Σ line amounts, before the invoice's discounts (tax is not emulated);</item>
/// <item><c>total</c> = subtotal − discounts (<see cref="InvoiceDiscounts"/>) − pretax credits (billing credits
/// finalization applied to metered lines, after discounts and before tax: <c>total_pretax_credit_amounts</c>,
/// docs/endpoints-billing-credits.md);</item>
/// <item><c>amount_due</c> = max(0, total + starting_balance) − pre_payment_credit_notes_amount (never below 0);</item>
/// <item><c>amount_paid</c> = Σ paid invoice payments + the out-of-band payment;</item>
/// <item><c>amount_remaining</c> = max(0, amount_due − amount_paid);</item>
/// <item><c>amount_overpaid</c> = max(0, amount_paid − amount_due);</item>
/// <item>at finalize the customer balance is applied: <c>ending_balance</c> = min(0, total + starting_balance).</item>
/// </list>
/// </summary>
public readonly record struct InvoiceTotals(
    long Subtotal,
    long Total,
    long StartingBalance,
    long AmountDue,
    long AmountPaid,
    long AmountRemaining,
    long AmountOverpaid)
{
    /// <summary>The customer balance left once this invoice has taken what it can (negative = credit left).</summary>
    public long EndingBalance => Math.Min(0, checked(Total + StartingBalance));

    /// <param name="lineAmountSum">Σ of the invoice's line amounts (see <see cref="LineAmounts.Sum"/>).</param>
    /// <param name="startingBalance">The customer balance the invoice starts from (positive: the customer owes; negative: credit).</param>
    /// <param name="prePaymentCreditNotesAmount">Credit notes issued before payment (they lower what is due).</param>
    /// <param name="paidByPayments">Σ of the invoice's paid invoice payments.</param>
    /// <param name="paidOutOfBand">What <c>pay</c> with <c>paid_out_of_band</c> recorded.</param>
    /// <param name="pretaxCreditAmount">Σ of the billing credits applied at finalization (never more than the lines they credit).</param>
    /// <param name="discountAmount">Σ of what the invoice's discounts take off (never more than its discountable lines).</param>
    public static InvoiceTotals Compute(long lineAmountSum, long startingBalance, long prePaymentCreditNotesAmount,
        long paidByPayments, long paidOutOfBand, long pretaxCreditAmount = 0, long discountAmount = 0)
    {
        if (pretaxCreditAmount < 0) throw new ArgumentOutOfRangeException(nameof(pretaxCreditAmount));
        if (discountAmount < 0) throw new ArgumentOutOfRangeException(nameof(discountAmount));
        var subtotal = lineAmountSum;
        var total = checked(subtotal - discountAmount - pretaxCreditAmount);
        var due = Math.Max(0, checked(Math.Max(0, checked(total + startingBalance)) - prePaymentCreditNotesAmount));
        var paid = checked(paidByPayments + paidOutOfBand);
        return new InvoiceTotals(
            Subtotal: subtotal,
            Total: total,
            StartingBalance: startingBalance,
            AmountDue: due,
            AmountPaid: paid,
            AmountRemaining: Math.Max(0, due - paid),
            AmountOverpaid: Math.Max(0, paid - due));
    }
}
