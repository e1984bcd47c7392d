namespace MappingGen.Schema.Tests.Support;

/// <summary>
/// A small hand-made OCSF schema tree in a temporary folder, deleted on dispose. It uses the
/// constructs of the real releases: an extends chain and $include of an include file, a
/// profile and an enum file. It also has a profile that a class lists without including it,
/// an abstract object and two objects that refer to each other.
/// </summary>
internal sealed class TempSchemaTree : IDisposable
{
    public TempSchemaTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "mappinggen-schema-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        foreach (var (path, content) in DefaultFiles)
        {
            Write(path, content);
        }
    }

    public string Root { get; }

    /// <summary>Writes (or replaces) a file; <paramref name="path"/> is relative to the tree and uses '/'.</summary>
    public void Write(string path, string content)
    {
        var fullPath = Path.Combine(Root, path.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        File.WriteAllText(fullPath, content);
    }

    public void Delete(string path) => File.Delete(Path.Combine(Root, path.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>Copies the tree to another temporary folder, which the caller must delete.</summary>
    public string CopyToNewFolder()
    {
        var copy = Path.Combine(Path.GetTempPath(), "mappinggen-schema-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static readonly (string Path, string Content)[] DefaultFiles =
    [
        ("version.json", """{ "version": "9.9.9" }"""),
        ("categories.json", """
            { "attributes": { "network": { "caption": "Network Activity", "uid": 4 } } }
            """),
        ("dictionary.json", """
            {
              "attributes": {
                "activity_id": { "caption": "Activity ID", "type": "integer_t", "sibling": "activity_name",
                                 "enum": { "0": { "caption": "Unknown" }, "99": { "caption": "Other" } } },
                "activity_name": { "caption": "Activity", "type": "string_t" },
                "category_uid": { "caption": "Category ID", "type": "integer_t", "enum": { "99": { "caption": "Other" } } },
                "class_uid": { "caption": "Class ID", "type": "integer_t", "enum": { "99": { "caption": "Other" } } },
                "type_uid": { "caption": "Type ID", "type": "integer_t" },
                "time": { "caption": "Time", "type": "timestamp_t" },
                "message": { "caption": "Message", "type": "string_t" },
                "port": { "caption": "Port", "type": "port_t" },
                "cloud": { "caption": "Cloud", "type": "cloud" },
                "device": { "caption": "Device", "type": "string_t" },
                "owner": { "caption": "Owner", "type": "user" },
                "group": { "caption": "Group", "type": "group" },
                "members": { "caption": "Members", "type": "user", "is_array": true },
                "name": { "caption": "Name", "type": "string_t" },
                "endpoint": { "caption": "Endpoint", "type": "endpoint" }
              },
              "types": {
                "attributes": {
                  "integer_t": { "caption": "Integer" },
                  "long_t": { "caption": "Long" },
                  "string_t": { "caption": "String" },
                  "port_t": { "caption": "Port", "type": "integer_t" },
                  "timestamp_t": { "caption": "Timestamp", "type": "long_t" },
                  "datetime_t": { "caption": "Datetime", "type": "string_t" }
                }
              }
            }
            """),
        ("profiles/cloud.json", """
            { "name": "cloud", "caption": "Cloud", "meta": "profile",
              "attributes": { "cloud": { "requirement": "required" } } }
            """),
        ("profiles/datetime.json", """
            { "name": "datetime", "caption": "Date/Time", "meta": "profile", "attributes": {} }
            """),
        ("profiles/host.json", """
            { "name": "host", "caption": "Host", "meta": "profile",
              "attributes": { "device": { "requirement": "recommended" } } }
            """),
        ("includes/context.json", """
            { "caption": "Context", "attributes": { "message": { "requirement": "recommended" } } }
            """),
        ("enums/network_activity.json", """
            { "enum": { "1": { "caption": "Open" }, "2": { "caption": "Close" } } }
            """),
        ("events/base_event.json", """
            { "name": "base_event", "caption": "Base Event", "category": "other", "profiles": ["cloud", "datetime"],
              "attributes": {
                "$include": ["profiles/cloud.json", "profiles/datetime.json"],
                "activity_id": { "requirement": "required" },
                "category_uid": { "requirement": "required" },
                "class_uid": { "requirement": "required" },
                "type_uid": { "requirement": "required" },
                "time": { "requirement": "required" }
              } }
            """),
        ("events/network/network.json", """
            { "name": "network", "caption": "Network", "category": "network", "extends": "base_event",
              "attributes": { "$include": "includes/context.json", "port": { "requirement": "recommended" } } }
            """),
        ("events/network/network_activity.json", """
            { "name": "network_activity", "caption": "Network Activity", "extends": "network", "uid": 1,
              "attributes": {
                "activity_id": { "$include": "enums/network_activity.json", "enum": { "2": { "caption": "Closed" } } },
                "owner": { "requirement": "recommended" },
                "port": { "requirement": "required" }
              } }
            """),
        ("events/network/host_activity.json", """
            { "name": "host_activity", "caption": "Host Activity", "extends": "network", "uid": 2, "profiles": ["host"],
              "attributes": { "cloud": { "requirement": "optional" } } }
            """),
        ("objects/_named.json", """
            { "name": "_named", "caption": "Named", "attributes": { "name": { "requirement": "required" } } }
            """),
        ("objects/endpoint.json", """
            { "name": "endpoint", "caption": "Endpoint", "extends": "_named", "attributes": { "port": {} } }
            """),
        ("objects/user.json", """
            { "name": "user", "caption": "User", "extends": "_named", "attributes": { "group": { "requirement": "recommended" } } }
            """),
        ("objects/group.json", """
            { "name": "group", "caption": "Group", "extends": "_named", "attributes": { "members": {} } }
            """),
        ("objects/cloud.json", """
            { "name": "cloud", "caption": "Cloud", "attributes": { "endpoint": {} } }
            """),
    ];
}
