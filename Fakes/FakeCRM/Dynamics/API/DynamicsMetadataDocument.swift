import FakeKit
import Foundation
import HTTP

/// `$metadata`: the org's tables as an OData CSDL XML document (OData CSDL
/// XML v4.0), in Dataverse's namespace `Microsoft.Dynamics.CRM` (alias
/// `mscrm`), each entity type deriving from `crmbaseentity`, keyed on its
/// primary id, lookups as `_name_value` properties with single-valued
/// navigation properties, one `EntitySet` per table in the `System` container.
struct DynamicsMetadataDocument {
    let schema: Schema

    var xml: String {
        var out = """
            <?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">\
            <edmx:DataServices><Schema Namespace="Microsoft.Dynamics.CRM" Alias="mscrm" xmlns="http://docs.oasis-open.org/odata/ns/edm">\
            <EntityType Name="crmbaseentity" Abstract="true"/>
            """
        for object in schema.objects {
            let key = DynamicsSchema.primaryIdAttribute(object)
            out += "<EntityType Name=\"\(escape(object.name))\" BaseType=\"mscrm.crmbaseentity\"><Key><PropertyRef Name=\"\(key)\"/></Key>"
            out += "<Property Name=\"\(key)\" Type=\"Edm.Guid\"/>"
            for field in object.fields {
                let name = DynamicsSchema.propertyName(field)
                let computed = !field.createable && !field.updateable
                out += "<Property Name=\"\(escape(name))\" Type=\"\(DynamicsSchema.edmType(field).rawValue)\""
                if let length = field.length, DynamicsSchema.edmType(field) == .string { out += " MaxLength=\"\(length)\"" }
                out += computed ? "><Annotation Term=\"Org.OData.Core.V1.Computed\" Bool=\"true\"/></Property>" : "/>"
            }
            for nav in DynamicsBinding.navigationProperties(object) {
                out += "<NavigationProperty Name=\"\(escape(nav.name))\" Type=\"mscrm.\(escape(nav.target))\">"
                out += "<ReferentialConstraint Property=\"_\(escape(nav.field.name))_value\" ReferencedProperty=\"\(escape(nav.target))id\"/></NavigationProperty>"
            }
            out += "</EntityType>"
        }
        out += "<EntityContainer Name=\"System\">"
        for object in schema.objects {
            out += "<EntitySet Name=\"\(escape(DynamicsSchema.entitySetName(object)))\" EntityType=\"Microsoft.Dynamics.CRM.\(escape(object.name))\"/>"
        }
        out += "</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>"
        return out
    }

    var response: HTTPResponse {
        var response = HTTPResponse(status: .ok, body: Data(xml.utf8))
        response.headers["Content-Type"] = "application/xml"
        return response
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
    }
}
