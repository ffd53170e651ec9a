// These tests run where the appliance runs: Linux (file modes, processes, mosquitto).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
