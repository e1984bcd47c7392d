using System.Globalization;
using MappingGen.Schema.Reading;

namespace MappingGen.Schema.Compilation;

/// <summary>Builds a <see cref="CompiledClass"/> from an event file and the files it extends.</summary>
internal sealed class ClassBuilder
{
    // base_event names this category, which categories.json does not define.
    private const string OtherCategoryName = "other";
    private const int OtherCategoryUid = 0;
    private const string OtherCategoryCaption = "Other";

    // In these releases an event file's uid is the class number within its category.
    private const int ClassesPerCategory = 1000;

    // type_uid = class_uid * 100 + activity_id.
    private const int ActivitiesPerClass = 100;

    private readonly DefinitionHierarchy _events;
    private readonly IReadOnlyDictionary<string, Category> _categories;
    private readonly IReadOnlyDictionary<string, Profile> _profiles;
    private readonly AttributeCompiler _attributes;
    private readonly DatetimeAttributes _timestamps;

    public ClassBuilder(
        DefinitionHierarchy events,
        IReadOnlyDictionary<string, Category> categories,
        IReadOnlyDictionary<string, Profile> profiles,
        AttributeCompiler attributes,
        DatetimeAttributes timestamps)
    {
        _events = events;
        _categories = categories;
        _profiles = profiles;
        _attributes = attributes;
        _timestamps = timestamps;
    }

    public CompiledClass Build(Definition definition)
    {
        var lineage = _events.Lineage(definition).ToList();
        var caption = SchemaCompilation.FindCaption(_events, definition);
        var listedProfiles = ReadListedProfiles(lineage);

        // A class may list a profile without including its file. The profile's attributes
        // still apply to it, so those that the class lacks are added, marked with the profile.
        var drafts = AttributeDraft.CloneAll(_events.ResolveAttributes(definition));
        foreach (var profileName in listedProfiles)
        {
            foreach (var (name, draft) in _profiles[profileName].Attributes)
            {
                if (!drafts.ContainsKey(name))
                {
                    drafts[name] = draft.Clone();
                }
            }
        }

        var attributes = _attributes.CompileAll($"class '{definition.Name}'", drafts);
        _timestamps.AddTo(attributes);

        var category = FindCategory(lineage, attributes);
        var classNumber = JsonFields.OptionalInt(definition.Json, "uid", definition.File, $"class '{definition.Name}'") ?? 0;
        if (classNumber is < 0 or >= ClassesPerCategory)
        {
            throw new SchemaCompileException(definition.File, $"uid {classNumber} of class '{definition.Name}' is out of range; expected the class number within its category, 0 to 999.");
        }

        var classUid = (category.Uid * ClassesPerCategory) + classNumber;
        SetIdentityEnums(attributes, classUid, caption, category);

        var profiles = new SortedSet<string>(listedProfiles, StringComparer.Ordinal);
        foreach (var attribute in attributes.Values)
        {
            if (attribute.Profile is { } profile)
            {
                profiles.Add(profile);
            }
        }

        return new CompiledClass
        {
            Uid = classUid,
            Caption = caption,
            CategoryUid = category.Uid,
            Category = category.Name,
            CategoryCaption = category.Caption,
            Profiles = profiles.ToList(),
            Attributes = attributes,
        };
    }

    /// <summary>Returns the profiles named by the class and every class it extends.</summary>
    private List<string> ReadListedProfiles(IEnumerable<Definition> lineage)
    {
        var listed = new List<string>();
        foreach (var ancestor in lineage)
        {
            foreach (var profile in JsonFields.OptionalStringList(ancestor.Json, "profiles", ancestor.File, $"class '{ancestor.Name}'"))
            {
                if (!_profiles.ContainsKey(profile))
                {
                    throw new SchemaCompileException(ancestor.File, $"'profiles' names '{profile}', which is not defined in profiles/.");
                }

                if (!listed.Contains(profile, StringComparer.Ordinal))
                {
                    listed.Add(profile);
                }
            }
        }

        return listed;
    }

    private Category FindCategory(IReadOnlyList<Definition> lineage, IReadOnlyDictionary<string, CompiledAttribute> attributes)
    {
        foreach (var ancestor in lineage)
        {
            if (JsonFields.OptionalString(ancestor.Json, "category", ancestor.File, $"class '{ancestor.Name}'") is not { } name)
            {
                continue;
            }

            if (_categories.TryGetValue(name, out var category))
            {
                return category;
            }

            if (name == OtherCategoryName)
            {
                // 1.1.0 and 1.8.0 caption category_uid 0 as "Uncategorized" in base_event; 0.99.2 gives 0 no caption.
                var caption = attributes.TryGetValue("category_uid", out var categoryUid)
                    && categoryUid.Enum?.GetValueOrDefault("0") is { } stated
                    ? stated
                    : OtherCategoryCaption;
                return new Category(OtherCategoryName, OtherCategoryUid, caption);
            }

            throw new SchemaCompileException(ancestor.File, $"'category' names '{name}', which is not defined in categories.json.");
        }

        throw new SchemaCompileException(lineage[0].File, $"class '{lineage[0].Name}' has no category, and neither has any class it extends.");
    }

    /// <summary>
    /// Replaces the enums of class_uid, category_uid and type_uid, which the sources give only
    /// generic values (such as 99 Other), with the values that this class allows.
    /// </summary>
    private static void SetIdentityEnums(SortedDictionary<string, CompiledAttribute> attributes, int classUid, string caption, Category category)
    {
        SetEnum(attributes, "class_uid", new SortedDictionary<string, string>(EnumIdComparer.Instance)
        {
            [Id(classUid)] = caption,
        });
        SetEnum(attributes, "category_uid", new SortedDictionary<string, string>(EnumIdComparer.Instance)
        {
            [Id(category.Uid)] = category.Caption,
        });

        if (!attributes.TryGetValue("activity_id", out var activity) || activity.Enum is null)
        {
            return;
        }

        var typeUids = new SortedDictionary<string, string>(EnumIdComparer.Instance)
        {
            [Id(classUid * ActivitiesPerClass)] = $"{caption}: Unknown",
        };
        foreach (var (id, activityCaption) in activity.Enum)
        {
            if (int.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var activityId))
            {
                typeUids[Id((classUid * ActivitiesPerClass) + activityId)] = $"{caption}: {activityCaption}";
            }
        }

        SetEnum(attributes, "type_uid", typeUids);
    }

    private static void SetEnum(SortedDictionary<string, CompiledAttribute> attributes, string name, SortedDictionary<string, string> values)
    {
        if (attributes.TryGetValue(name, out var attribute))
        {
            attributes[name] = attribute with { Enum = values };
        }
    }

    private static string Id(int value) => value.ToString(CultureInfo.InvariantCulture);
}
