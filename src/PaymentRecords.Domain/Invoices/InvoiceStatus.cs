namespace PaymentRecords.Domain.Invoices;

/// <summary>Stripe's invoice statuses; <see cref="InvoiceStatuses.Wire"/> gives the string Stripe sends.</summary>
public enum InvoiceStatus
{
    Draft,
    Open,
    Paid,
    Uncollectible,
    Void,
}

/// <summary>What a caller can do to an invoice; each is allowed from some statuses only.</summary>
public enum InvoiceAction
{
    /// <summary>POST …/finalize: draft → open (and → paid at once when nothing is due).</summary>
    Finalize,
    /// <summary>POST …/pay: open | uncollectible → paid.</summary>
    Pay,
    /// <summary>POST …/void: open | uncollectible → void.</summary>
    Void,
    /// <summary>POST …/mark_uncollectible: open → uncollectible.</summary>
    MarkUncollectible,
    /// <summary>POST …/send: draft (finalized first), open or paid.</summary>
    Send,
    /// <summary>DELETE: drafts only.</summary>
    Delete,
    /// <summary>add_lines, invoice items, and changes to monetary fields: drafts only.</summary>
    EditMoney,
    /// <summary>POST …/attach_payment: open or uncollectible, no status change by itself (a payment that is paid may pay the invoice).</summary>
    AttachPayment,
}

public static class InvoiceStatuses
{
    public static string Wire(this InvoiceStatus status) => status switch
    {
        InvoiceStatus.Draft => "draft",
        InvoiceStatus.Open => "open",
        InvoiceStatus.Paid => "paid",
        InvoiceStatus.Uncollectible => "uncollectible",
        InvoiceStatus.Void => "void",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static InvoiceStatus Parse(string wire) => wire switch
    {
        "draft" => InvoiceStatus.Draft,
        "open" => InvoiceStatus.Open,
        "paid" => InvoiceStatus.Paid,
        "uncollectible" => InvoiceStatus.Uncollectible,
        "void" => InvoiceStatus.Void,
        _ => throw new ArgumentOutOfRangeException(nameof(wire), wire, "not an invoice status"),
    };
}
