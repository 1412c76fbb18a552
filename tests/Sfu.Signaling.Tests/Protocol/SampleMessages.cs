using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Tests.Protocol;

/// <summary>
/// Builds messages with every field set to a non-default value, driven by the descriptors, so a test
/// over "every oneof case" cannot silently miss a field or a case that is added later.
/// </summary>
internal static class SampleMessages
{
    public static readonly FileDescriptor[] Files =
    [
        LivekitModelsReflection.Descriptor,
        LivekitRtcReflection.Descriptor,
        LivekitRoomReflection.Descriptor,
        LivekitWebhookReflection.Descriptor,
    ];

    public static readonly TypeRegistry Registry = TypeRegistry.FromFiles(Files);

    /// <summary>Every message type declared in this project's .proto files, nested ones included.</summary>
    public static IEnumerable<MessageDescriptor> AllMessages()
    {
        static IEnumerable<MessageDescriptor> Walk(MessageDescriptor m)
        {
            if (m.IsMapEntry) yield break;
            yield return m;
            foreach (var n in m.NestedTypes)
                foreach (var x in Walk(n)) yield return x;
        }
        return Files.SelectMany(f => f.MessageTypes).SelectMany(Walk);
    }

    /// <summary>Every enum type declared in this project's .proto files, nested ones included.</summary>
    public static IEnumerable<EnumDescriptor> AllEnums() =>
        Files.SelectMany(f => f.EnumTypes).Concat(AllMessages().SelectMany(m => m.EnumTypes));

    /// <summary>A SignalRequest or SignalResponse whose oneof is set to <paramref name="oneofField"/>, with a fully populated value.</summary>
    public static IMessage WithOneofCase(MessageDescriptor container, FieldDescriptor oneofField, int seed)
    {
        var msg = (IMessage)Activator.CreateInstance(container.ClrType)!;
        oneofField.Accessor.SetValue(msg, ValueFor(oneofField, seed, depth: 0));
        return msg;
    }

    /// <summary>A message of <paramref name="descriptor"/> with every field set (one member per oneof), nested to a fixed depth.</summary>
    public static IMessage Filled(MessageDescriptor descriptor, int seed, int depth = 0)
    {
        if (descriptor.FullName == Timestamp.Descriptor.FullName)
            return new Timestamp { Seconds = 1_764_380_000 + seed, Nanos = 1000 * (seed + 1) }; // must stay a valid instant for protojson
        var msg = (IMessage)Activator.CreateInstance(descriptor.ClrType)!;
        var setOneofs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            var oneof = field.RealContainingOneof;
            if (oneof is not null)
            {
                // Vary which member of a oneof is set with the seed, so several cases get exercised.
                var members = oneof.Fields;
                if (members[Math.Abs(seed) % members.Count].FieldNumber != field.FieldNumber) continue;
                if (!setOneofs.Add(oneof.Name)) continue;
            }
            if (depth >= 4 && field.FieldType == FieldType.Message) continue;
            if (field.IsMap)
            {
                var dict = (IDictionary)field.Accessor.GetValue(msg);
                var keyField = field.MessageType.FindFieldByNumber(1);
                var valueField = field.MessageType.FindFieldByNumber(2);
                dict[ScalarValue(keyField, seed)] = ValueFor(valueField, seed, depth + 1);
            }
            else if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(msg);
                list.Add(ValueFor(field, seed, depth + 1));
                list.Add(ValueFor(field, seed + 1, depth + 1));
            }
            else
            {
                field.Accessor.SetValue(msg, ValueFor(field, seed, depth + 1));
            }
        }
        return msg;
    }

    private static object ValueFor(FieldDescriptor field, int seed, int depth) => field.FieldType switch
    {
        FieldType.Message => Filled(field.MessageType, seed, depth),
        _ => ScalarValue(field, seed),
    };

    private static object ScalarValue(FieldDescriptor field, int seed)
    {
        var n = (seed % 5) + 1;
        return field.FieldType switch
        {
            FieldType.String => $"{field.Name}-{seed}-é✓",
            FieldType.Bytes => ByteString.CopyFrom((byte)n, 0, 255, (byte)seed),
            FieldType.Bool => true,
            FieldType.Float => 0.25f * n,
            FieldType.Double => 0.125 * n,
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => -n,
            FieldType.UInt32 or FieldType.Fixed32 => (uint)(1000 + n),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => 1_764_380_000_123L + n,
            FieldType.UInt64 or FieldType.Fixed64 => (ulong)(9_000_000_000UL + (ulong)n),
            FieldType.Enum => EnumValue(field.EnumType, seed),
            _ => throw new NotSupportedException(field.FieldType.ToString()),
        };
    }

    private static object EnumValue(EnumDescriptor e, int seed)
    {
        // A non-zero value where there is one, so it is written on the wire and in JSON.
        var values = e.Values.Where(v => v.Number != 0).ToList();
        var number = values.Count == 0 ? 0 : values[seed % values.Count].Number;
        return System.Enum.ToObject(e.ClrType, number);
    }
}
