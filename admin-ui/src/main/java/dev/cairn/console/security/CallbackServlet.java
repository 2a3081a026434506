package dev.cairn.console.security;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The OpenID Connect redirect URI. The authentication mechanism completes the login on this path;
 * the console home then sends the user back to the page they were on when they were asked to sign
 * in (see {@code IndexView}).
 */
@WebServlet("/callback")
public class CallbackServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.sendRedirect(request.getContextPath() + "/?signedIn=true");
  }
}
