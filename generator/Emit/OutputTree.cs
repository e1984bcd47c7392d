using System.Collections.Generic;
using System.Linq;
using MappingGen.Generator.Model;
using MappingGen.Generator.Spec;

namespace MappingGen.Generator.Emit;

/// <summary>What a leaf of the event writes.</summary>
internal enum LeafKind
{
    /// <summary>The same encoded JSON in every event.</summary>
    Constant,

    /// <summary>A value chosen by the rows that write the attribute.</summary>
    Rows,

    /// <summary>The caption of an enum id written by rows.</summary>
    Caption,

    /// <summary>A raw field that no row names, written as text into the unmapped target.</summary>
    UnmappedField,
}

/// <summary>One attribute of the event: an object with members, or a leaf with a value.</summary>
internal sealed class OutputNode
{
    public OutputNode(string name, string path)
    {
        Name = name;
        Path = path;
    }

    public string Name { get; }

    public string Path { get; }

    public List<OutputNode> Children { get; } = new();

    public bool IsObject => Leaf is null;

    public LeafKind? Leaf { get; set; }

    /// <summary>For <see cref="LeafKind.Constant"/>: the encoded JSON value.</summary>
    public string? EncodedJson { get; set; }

    /// <summary>For <see cref="LeafKind.Rows"/>: the rows in spec order.</summary>
    public List<MapRow> Rows { get; } = new();

    /// <summary>For <see cref="LeafKind.Rows"/>: the kind of value every row gives.</summary>
    public SpecValidator.ValueKind Kind { get; set; }

    /// <summary>For <see cref="LeafKind.Caption"/>: the enum whose caption is written.</summary>
    public EnumDefinition? Enum { get; set; }

    /// <summary>For <see cref="LeafKind.UnmappedField"/>: the raw field.</summary>
    public SourceField? Field { get; set; }

    /// <summary>Whether this is the object that receives undeclared columns.</summary>
    public bool IsUnmappedTarget { get; set; }

    public OutputNode Child(string name)
    {
        var child = Children.FirstOrDefault(c => c.Name == name);
        if (child is null)
        {
            child = new OutputNode(name, Path.Length == 0 ? name : Path + "." + name);
            Children.Add(child);
        }

        return child;
    }

    /// <summary>Builds the tree of everything the mapper writes, in the order the spec names it.</summary>
    public static OutputNode Build(MappingSpec spec, IReadOnlyCollection<SourceField> unreferencedFields)
    {
        var root = new OutputNode("", "");
        foreach (var constant in spec.Constants)
        {
            var leaf = root.At(constant.Path);
            leaf.Leaf = LeafKind.Constant;
            leaf.EncodedJson = constant.EncodedJson;
            if (spec.Enums.FirstOrDefault(e => e.IdPath == constant.Path) is { } enumeration)
            {
                var caption = root.At(enumeration.CaptionPath);
                caption.Leaf = LeafKind.Constant;
                caption.EncodedJson = JsonText.Quote(enumeration.Values.First(v => v.Id == constant.Number).Caption);
            }
        }

        foreach (var row in spec.Rows)
        {
            var leaf = root.At(row.To);
            if (leaf.Leaf is null)
            {
                leaf.Leaf = LeafKind.Rows;
                var field = row.From is null ? null : spec.Fields.First(f => f.Name == row.From);
                leaf.Kind = SpecValidator.KindOf(row.Derive, row.HasLookup, row.Convert, field?.Type ?? FieldType.String);
                if (spec.Enums.FirstOrDefault(e => e.IdPath == row.To) is { } enumeration)
                {
                    var caption = root.At(enumeration.CaptionPath);
                    caption.Leaf = LeafKind.Caption;
                    caption.Enum = enumeration;
                }
            }

            leaf.Rows.Add(row);
        }

        if (spec.UnmappedTarget is { } target)
        {
            var unmapped = root.At(target);
            unmapped.IsUnmappedTarget = true;
            foreach (var field in unreferencedFields)
            {
                var leaf = unmapped.Child(field.Name.Replace('-', '_'));
                leaf.Leaf = LeafKind.UnmappedField;
                leaf.Field = field;
            }
        }

        return root;
    }

    private OutputNode At(string path)
    {
        var node = this;
        foreach (var name in path.Split('.'))
        {
            node = node.Child(name);
        }

        return node;
    }
}
