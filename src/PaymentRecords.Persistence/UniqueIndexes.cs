namespace PaymentRecords.Persistence;

/// <summary>Names of unique indexes that guard business rules, so the Api can map a collision to a Stripe error.</summary>
public static class UniqueIndexes
{
    /// <summary>refund_reference is unique per account (it is the refund_group a credit note cites).</summary>
    public const string PaymentRecordRefundReference = "ix_payment_record_refunds_account_id_refund_reference";

    /// <summary>A credit note number (invoice number + -CN- + sequence) is taken once per invoice.</summary>
    public const string CreditNoteNumber = "ix_credit_notes_account_id_invoice_id_number";

    /// <summary>A payment record is attached (open or paid) to one invoice at most.</summary>
    public const string InvoicePaymentOneLivePerRecord = Configurations.InvoicePaymentConfiguration.OneLiveAttachmentPerRecord;

    /// <summary>A lookup_key names one price per account.</summary>
    public const string PriceLookupKey = Configurations.PriceConfiguration.LookupKey;

    /// <summary>A meter event identifier is taken once per account (the table's key).</summary>
    public const string MeterEventIdentifier = "pk_billing_meter_events";

    /// <summary>A coupon id names one coupon per account (the table's key; a deleted coupon's id is free again).</summary>
    public const string CouponId = "pk_coupons";

    /// <summary>One active meter per event name and account.</summary>
    public const string MeterActiveEventName = Configurations.MeterConfiguration.ActiveEventName;
}
