package org.exchangehub.console.internal;

import java.util.Locale;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The console's language: Chinese (zh-CN) when the browser asks for Chinese, English otherwise, until the person
 * picks one with {@code ?lang=zh-CN} or {@code ?lang=en}, which a cookie keeps.
 */
@Configuration
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("hub-console-lang");
        resolver.setDefaultLocaleFunction(request -> supported(request.getLocale()));
        return resolver;
    }

    /** zh-CN for any Chinese, English for anything else. */
    static Locale supported(Locale asked) {
        return asked != null && "zh".equals(asked.getLanguage()) ? CHINESE : Locale.ENGLISH;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor() {
            @Override
            public boolean preHandle(jakarta.servlet.http.HttpServletRequest request,
                    jakarta.servlet.http.HttpServletResponse response, Object handler) {
                String lang = request.getParameter(getParamName());
                if (lang != null) {
                    RequestContextUtils.getLocaleResolver(request)
                            .setLocale(request, response, supported(Locale.forLanguageTag(lang)));
                }
                return true;
            }
        };
        change.setParamName("lang");
        registry.addInterceptor(change).addPathPatterns("/console/**");
    }
}
