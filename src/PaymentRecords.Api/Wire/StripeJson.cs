using System.Text.Encodings.Web;
using System.Text.Json;

namespace PaymentRecords.Api.Wire;

/// <summary>
/// How a response body and a webhook payload are written: as Stripe writes them, with <c>'</c>, <c>`</c>, <c>&lt;</c>,
/// <c>&amp;</c> and non-ASCII text as themselves (UTF-8), not <c>\u0027</c> escapes ("No such customer: 'cus_…'" reads
/// the same in curl as in Stripe's). Only what JSON requires is escaped (quotes, backslashes, control characters).
/// Request fingerprints keep the default encoder, so keys stored by earlier versions still match.
/// </summary>
public static class StripeJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
