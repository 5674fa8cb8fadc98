package jp.kyodo.tenant.audit.internal;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Keeps JSON text as is; the column's jsonb cast happens in PostgreSQL ({@code stringtype=unspecified}). */
@Converter
public class JsonbText implements AttributeConverter<String, Object> {
    @Override
    public Object convertToDatabaseColumn(String attribute) {
        return attribute;
    }

    @Override
    public String convertToEntityAttribute(Object dbData) {
        return dbData == null ? null : dbData.toString();
    }
}
