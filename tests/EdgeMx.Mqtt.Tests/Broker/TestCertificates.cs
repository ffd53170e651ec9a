namespace EdgeMx.Mqtt.Tests.Broker;

/// <summary>
/// A CA, a server certificate for 127.0.0.1/localhost, a client certificate, and an unrelated CA — made with the
/// openssl command line at test time, never checked in.
/// </summary>
public sealed class TestCertificates
{
    private TestCertificates(string dir) => Directory = dir;

    public string Directory { get; }
    public string CaFile => Path.Combine(Directory, "ca.crt");
    public string ServerCertificateFile => Path.Combine(Directory, "server.crt");
    public string ServerKeyFile => Path.Combine(Directory, "server.key");
    public string ClientCertificateFile => Path.Combine(Directory, "client.crt");
    public string ClientKeyFile => Path.Combine(Directory, "client.key");
    public string OtherCaFile => Path.Combine(Directory, "other-ca.crt");

    public static TestCertificates Create(string dir)
    {
        System.IO.Directory.CreateDirectory(dir);
        string P(string name) => Path.Combine(dir, name);
        void Key(string name) => ProcessRunner.Run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", P(name));

        Key("ca.key");
        ProcessRunner.Run("openssl", "req", "-x509", "-new", "-key", P("ca.key"), "-out", P("ca.crt"), "-days", "2",
            "-subj", "/CN=EdgeMx test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Key("other-ca.key");
        ProcessRunner.Run("openssl", "req", "-x509", "-new", "-key", P("other-ca.key"), "-out", P("other-ca.crt"), "-days", "2",
            "-subj", "/CN=Somebody else's CA", "-addext", "basicConstraints=critical,CA:TRUE");

        Issue("server", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        Issue("client", "/CN=edgemx-test-client", "extendedKeyUsage=clientAuth\n");
        return new TestCertificates(dir);

        void Issue(string name, string subject, string extensions)
        {
            Key(name + ".key");
            ProcessRunner.Run("openssl", "req", "-new", "-key", P(name + ".key"), "-out", P(name + ".csr"), "-subj", subject);
            File.WriteAllText(P(name + ".ext"), extensions);
            ProcessRunner.Run("openssl", "x509", "-req", "-in", P(name + ".csr"), "-CA", P("ca.crt"), "-CAkey", P("ca.key"),
                "-CAcreateserial", "-out", P(name + ".crt"), "-days", "2", "-extfile", P(name + ".ext"));
        }
    }
}
