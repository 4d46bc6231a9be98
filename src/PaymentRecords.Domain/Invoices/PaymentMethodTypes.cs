namespace PaymentRecords.Domain.Invoices;

/// <summary>The 40 values <c>payment_settings.payment_method_types</c> accepts in 2025-10-29.clover (<c>custom</c> is new).</summary>
public static class PaymentMethodTypes
{
    public const string Custom = "custom";

    public static readonly IReadOnlyList<string> All =
    [
        "ach_credit_transfer", "ach_debit", "acss_debit", "affirm", "amazon_pay", "au_becs_debit", "bacs_debit",
        "bancontact", "boleto", "card", "cashapp", "crypto", "custom", "customer_balance", "eps", "fpx", "giropay",
        "grabpay", "ideal", "jp_credit_transfer", "kakao_pay", "klarna", "konbini", "kr_card", "link", "multibanco",
        "naver_pay", "nz_bank_account", "p24", "payco", "paynow", "paypal", "promptpay", "revolut_pay",
        "sepa_credit_transfer", "sepa_debit", "sofort", "swish", "us_bank_account", "wechat_pay",
    ];
}
