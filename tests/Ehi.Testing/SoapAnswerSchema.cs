using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Ehi.Testing;

/// <summary>Checks a SOAP answer against the EHI response schema (Schemas/ehi-response.xsd, from the
/// reference): the envelope matches the content type's SOAP version, the body holds exactly one
/// operation element, and that element validates strictly (no undeclared element, schema order,
/// required numbers present, no xsi:nil). Every SOAP answer the tests produce goes through it:
/// <see cref="HttpAnswer"/> checks what clients read and <see cref="TestServer"/> what the server sends.</summary>
public static class SoapAnswerSchema
{
    private const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private const string Soap12 = "http://www.w3.org/2003/05/soap-envelope";
    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    private static readonly Lazy<XmlSchemaSet> Schemas = new(Load);

    /// <summary>True for a content type that carries SOAP (text/xml or application/soap+xml).</summary>
    public static bool IsSoap(string? contentType) =>
        contentType is not null && contentType.Contains("xml", StringComparison.OrdinalIgnoreCase);

    /// <summary>The schema violations of one SOAP answer; empty when it is valid.</summary>
    public static IReadOnlyList<string> Violations(string body, string contentType)
    {
        var errors = new List<string>();
        XDocument document;
        try
        {
            document = XDocument.Parse(body);
        }
        catch (XmlException ex)
        {
            return [$"not well-formed XML: {ex.Message}"];
        }

        string expectedEnvelope = contentType.Contains("soap+xml", StringComparison.OrdinalIgnoreCase) ? Soap12 : Soap11;
        var root = document.Root!;
        if (root.Name != XName.Get("Envelope", expectedEnvelope))
        {
            errors.Add($"root is {root.Name}, expected Envelope in {expectedEnvelope} for content type {contentType}");
            return errors;
        }

        var children = root.Elements().ToList();
        if (children.Count is < 1 or > 2 || children[^1].Name != XName.Get("Body", expectedEnvelope)
            || (children.Count == 2 && children[0].Name != XName.Get("Header", expectedEnvelope)))
        {
            errors.Add("the envelope must hold an optional Header and then one Body");
            return errors;
        }

        var operations = children[^1].Elements().ToList();
        if (operations.Count != 1)
        {
            errors.Add($"the Body holds {operations.Count} elements, expected one");
            return errors;
        }

        if (document.Descendants().Attributes().Any(a => a.Name.NamespaceName == Xsi))
        {
            errors.Add("an xsi: attribute (xsi:nil or xsi:type) is present");
        }

        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = Schemas.Value,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
        };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber}, position {e.Exception?.LinePosition})");
        using var reader = XmlReader.Create(new StringReader(operations[0].ToString(SaveOptions.DisableFormatting)), settings);
        while (reader.Read())
        {
        }

        return errors;
    }

    /// <summary>Throws with every violation when <paramref name="body"/> is not a valid SOAP answer.</summary>
    public static void AssertValid(string body, string contentType)
    {
        var violations = Violations(body, contentType);
        if (violations.Count > 0)
        {
            throw new Xunit.Sdk.XunitException($"SOAP answer violates the EHI response schema:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", violations)}{Environment.NewLine}{body}");
        }
    }

    private static XmlSchemaSet Load()
    {
        using var stream = typeof(SoapAnswerSchema).Assembly.GetManifestResourceStream("Ehi.Testing.Schemas.ehi-response.xsd")
            ?? throw new InvalidOperationException("the embedded response schema is missing");
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(XmlSchema.Read(stream, (_, e) => throw e.Exception)!);
        set.Compile();
        return set;
    }
}
