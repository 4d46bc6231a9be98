using System.Text.Encodings.Web;
using System.Text.Json;

namespace PaymentRecords.Api.Wire;

/// <summary>
/// How a response body and a webhook payload are written: as Stripe writes them, with <c>'</c>, <c>`</c>, <c>&lt;</c>,
/// <c>&amp;</c> and non-ASCII text of the Basic Multilingual Plane as themselves (UTF-8), not <c>\u0027</c> escapes
/// ("No such customer: 'cus_…'" reads the same in curl as in Stripe's). Quotes, backslashes and control characters are
/// escaped as JSON requires; so are characters beyond that plane (emoji), which this encoder always escapes (Stripe
/// writes them raw: a difference left, the meaning the same). Request fingerprints keep the default encoder, so keys
/// stored by earlier versions still match; renderings stored before were emptied by migration 20261202021500.
/// </summary>
public static class StripeJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
