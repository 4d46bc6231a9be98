using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.Pipeline;

/// <summary>
/// The request sizes this server accepts (docs/http-limits.md). Stripe accepts long URLs (many <c>expand[]</c>
/// entries or query parameters), so the documented limits are 64 KiB for the request line and for the headers,
/// enforced here, in the application, so that going over them is answered in Stripe's envelope (414, 431).
/// Kestrel's own limits are set four times higher (<see cref="ConfigureKestrel"/>), so that only requests far
/// beyond the documented limits meet Kestrel's answer, which <c>KestrelErrorRewriter</c> then rewrites.
/// </summary>
public static class HttpLimits
{
    /// <summary>Method, URL with query string, protocol: what Kestrel calls the request line.</summary>
    public const int MaxRequestLineBytes = 64 * 1024;

    /// <summary>Every header's name and value, with ": " and CRLF, added up.</summary>
    public const int MaxRequestHeadersBytes = 64 * 1024;

    /// <summary>Header fields; more is answered 431 by Kestrel (rewritten into Stripe's envelope).</summary>
    public const int MaxRequestHeaderCount = 1000;

    /// <summary>Kestrel's default, stated here so the documentation and the error message name it.</summary>
    public const long MaxRequestBodyBytes = 30_000_000;

    /// <summary>Kestrel's hard limits: above the documented ones, so that Kestrel's bare answer is rare.</summary>
    public const int KestrelMaxRequestLineBytes = 4 * MaxRequestLineBytes;

    public const int KestrelMaxRequestHeadersBytes = 4 * MaxRequestHeadersBytes;

    public static void ConfigureKestrel(KestrelServerOptions options)
    {
        options.Limits.MaxRequestLineSize = KestrelMaxRequestLineBytes;
        options.Limits.MaxRequestHeadersTotalSize = KestrelMaxRequestHeadersBytes;
        options.Limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        options.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
    }

    /// <summary>The 414 or 431 for a request over the documented limits; null when it is within them.</summary>
    public static StripeError? Check(HttpContext http)
    {
        var request = http.Request;
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
        var requestLine = Encoding.UTF8.GetByteCount(request.Method) + 1 + Encoding.UTF8.GetByteCount(target) + 1
            + Encoding.UTF8.GetByteCount(request.Protocol) + 2;
        if (requestLine > MaxRequestLineBytes) return ErrorCatalog.RequestLineTooLong(MaxRequestLineBytes);

        long headers = 0;
        foreach (var (name, values) in request.Headers)
            foreach (var value in values)
                headers += name.Length + 2 + Encoding.UTF8.GetByteCount(value ?? "") + 2;
        return headers > MaxRequestHeadersBytes ? ErrorCatalog.RequestHeadersTooLarge(MaxRequestHeadersBytes, MaxRequestHeaderCount) : null;
    }

    /// <summary>
    /// A request body is read only when its Content-Type is form encoding (or absent, as Rack treats it); any
    /// other type with a body is refused rather than silently read as a form or ignored.
    /// </summary>
    public static StripeError? CheckContentType(HttpRequest request)
    {
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (!hasBody) return null;
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            ? null
            : ErrorCatalog.UnsupportedContentType(contentType.Length > 200 ? contentType[..200] + "…" : contentType);
    }
}

/// <summary>The Stripe error for a status Kestrel gives a request it refuses (its own answer has no body).</summary>
public static class HttpErrors
{
    public static StripeError ForStatus(int status) => status switch
    {
        StatusCodes.Status408RequestTimeout => ErrorCatalog.RequestTimeout(),
        StatusCodes.Status411LengthRequired => ErrorCatalog.LengthRequired(),
        StatusCodes.Status413PayloadTooLarge => ErrorCatalog.RequestBodyTooLarge(HttpLimits.MaxRequestBodyBytes),
        StatusCodes.Status414UriTooLong => ErrorCatalog.RequestLineTooLong(HttpLimits.MaxRequestLineBytes),
        StatusCodes.Status431RequestHeaderFieldsTooLarge =>
            ErrorCatalog.RequestHeadersTooLarge(HttpLimits.MaxRequestHeadersBytes, HttpLimits.MaxRequestHeaderCount),
        // An HTTP version other than 1.x or 2 is a malformed request, not a server failure.
        StatusCodes.Status505HttpVersionNotsupported => ErrorCatalog.MalformedRequest(),
        >= 500 => ErrorCatalog.Unexpected(),
        // 400 (and 405, which Kestrel gives CONNECT and asterisk-form targets): malformed.
        _ => ErrorCatalog.MalformedRequest(),
    };
}
