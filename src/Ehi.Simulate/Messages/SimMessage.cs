using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Ehi.Simulate.Messages;

/// <summary>A GetTransaction (or Cut-Off) message being built: ordered fields, written as JSON or SOAP.</summary>
public sealed class SimMessage
{
    private readonly List<KeyValuePair<string, object>> _fields = [];

    /// <summary>Whether this is a Cut-Off (SOAP operation Cut_Off).</summary>
    public bool IsCutOff { get; init; }

    /// <summary>The TXn_ID (or CutOffId).</summary>
    public long Id => Convert.ToInt64(Get(IsCutOff ? "CutOffId" : "TXn_ID") ?? 0, CultureInfo.InvariantCulture);

    /// <summary>A field's value.</summary>
    public object? Get(string field) => _fields.FirstOrDefault(f => f.Key == field).Value;

    /// <summary>Sets (or, with null, removes) a field.</summary>
    public SimMessage Set(string field, object? value)
    {
        int index = _fields.FindIndex(f => f.Key == field);
        if (value is null)
        {
            if (index >= 0)
            {
                _fields.RemoveAt(index);
            }
        }
        else if (index >= 0)
        {
            _fields[index] = new(field, value);
        }
        else
        {
            _fields.Add(new(field, value));
        }

        return this;
    }

    /// <summary>An independent copy (a resend with another SendingAttemptCount, say).</summary>
    public SimMessage Copy()
    {
        var copy = new SimMessage { IsCutOff = IsCutOff };
        copy._fields.AddRange(_fields);
        return copy;
    }

    /// <summary>The JSON body.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in _fields)
            {
                switch (value)
                {
                    case string s:
                        writer.WriteString(name, s);
                        break;
                    case decimal d:
                        writer.WritePropertyName(name);
                        writer.WriteRawValue(d.ToString("0.00##", CultureInfo.InvariantCulture));
                        break;
                    case long or int:
                        writer.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                        break;
                    default:
                        writer.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                        break;
                }
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The SOAP 1.1 body (operation GetTransaction or Cut_Off in http://tempuri.org/).</summary>
    public byte[] ToSoap()
    {
        XNamespace soap = "http://schemas.xmlsoap.org/soap/envelope/";
        XNamespace t = "http://tempuri.org/";
        var fields = _fields.Select(f => new XElement(t + f.Key, f.Value is decimal d ? d.ToString("0.00##", CultureInfo.InvariantCulture) : Convert.ToString(f.Value, CultureInfo.InvariantCulture)));
        var document = new XDocument(new XElement(soap + "Envelope", new XAttribute(XNamespace.Xmlns + "soap", soap), new XElement(soap + "Body", new XElement(t + (IsCutOff ? "Cut_Off" : "GetTransaction"), fields))));
        return Encoding.UTF8.GetBytes(document.ToString(SaveOptions.DisableFormatting));
    }
}
