// The appliance and its tests run on Linux only (file modes, Unix sockets, rtnetlink).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
